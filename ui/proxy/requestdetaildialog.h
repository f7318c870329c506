#pragma once

#include "ui/proxy/requestdetails.h"

#include <memory>
#include <QDialog>

class QPlainTextEdit;
class QPushButton;

namespace ingress::ui {

class SelectionHub;

// The request log's details for one request (RequestDetails), with "Show on Canvas" (selects
// the route that served it through the SelectionHub, which the canvas and the tree follow) and
// "Copy as curl". Not modal: the panel reuses one while it is open.
class RequestDetailDialog : public QDialog {
    Q_OBJECT
public:
    RequestDetailDialog(SelectionHub *selection, QWidget *parent = nullptr);

    void setDetails(const RequestDetails &details);
    const RequestDetails *details() const { return m_details.get(); }
    QString text() const;

    // The actions, also offered by the request log's context menu.
    static bool showOnCanvas(const RequestDetails &details, SelectionHub *selection);
    static bool copyAsCurl(const RequestDetails &details);

private:
    SelectionHub *m_selection;
    std::unique_ptr<RequestDetails> m_details;
    QPlainTextEdit *m_text;
    QPushButton *m_showOnCanvas;
    QPushButton *m_copyAsCurl;
};

} // namespace ingress::ui
