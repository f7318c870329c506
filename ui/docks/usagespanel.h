#pragma once

#include "model/items/usages.h"
#include "model/topology/itemref.h"

#include <QWidget>

class QLabel;
class QListWidget;

namespace ingress {
class TopologyDocument;
}

namespace ingress::ui {

class SelectionHub;

// Edit > Find Usages: where an item is named (the routes of a service, the hosts of a
// certificate or listener, the default service); activating one selects it.
class UsagesPanel : public QWidget {
    Q_OBJECT
public:
    UsagesPanel(TopologyDocument *document, SelectionHub *selection, QWidget *parent = nullptr);

    // Lists the usages of `ref` and keeps them current while the document changes.
    void showUsagesOf(ItemRef ref);
    QListWidget *list() const { return m_list; }
    QString summary() const;

private:
    void refresh();

    TopologyDocument *m_document;
    SelectionHub *m_selection;
    QLabel *m_title;
    QListWidget *m_list;
    ItemRef m_subject;
    QString m_subjectName; // the subject is followed by name: positions shift under edits
    QList<Usage> m_usages;
};

} // namespace ingress::ui
