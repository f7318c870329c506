#pragma once

#include <QWidget>

class QListView;

namespace ingress {
class TopologyDocument;
}

namespace ingress::ui {

class CertificateActions;
class CertificateDetailsPanel;
class SelectionHub;

// The Certificates dock: the certificate actions in a toolbar and the list's context menu,
// the document's certificates, and the details of the current one below.
class CertificatesPanel : public QWidget {
    Q_OBJECT
public:
    CertificatesPanel(TopologyDocument *document, SelectionHub *selection,
                      CertificateActions *actions, QWidget *parent = nullptr);

    QListView *listView() const { return m_list; }
    CertificateDetailsPanel *details() const { return m_details; }

private:
    QListView *m_list;
    CertificateDetailsPanel *m_details;
};

} // namespace ingress::ui
