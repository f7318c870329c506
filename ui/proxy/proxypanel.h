#pragma once

#include <QElapsedTimer>
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QModelIndex;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace ingress {
class TopologyDocument;
}

namespace ingress::ui {

class ExplainBox;
class MetricsCharts;
class ProxyController;
class RequestDetailDialog;
class RequestDetails;
class RequestLogModel;
class SelectionHub;

// The "Proxy" dock: state and listening addresses (links open in the browser), live charts
// from the controller's metrics samples, the request log with filter and pause, and the explain
// box. A request's row opens its details (double-click, Enter, Details..., the context menu),
// which can show its route on the canvas through `selection` and copy it as a curl command.
class ProxyPanel : public QWidget {
    Q_OBJECT
public:
    ProxyPanel(ProxyController *controller, TopologyDocument *document,
               SelectionHub *selection = nullptr, QWidget *parent = nullptr);

    MetricsCharts *charts() const { return m_charts; }
    RequestLogModel *log() const { return m_log; }
    QWidget *outdatedBanner() const { return m_outdated; }
    QTableView *logView() const { return m_logView; }
    // The details of the request in the log view's row `index` (of the view's model), shown
    // in the one details dialog (made on first use); null for an invalid index.
    RequestDetailDialog *openDetails(const QModelIndex &index);
    RequestDetailDialog *detailDialog() const;

private:
    void updateState();
    void addSample();
    RequestDetails detailsFor(const QModelIndex &index) const;
    void showLogMenu(const QPoint &position);

    ProxyController *m_controller;
    TopologyDocument *m_document;
    SelectionHub *m_selection;
    QLabel *m_status;
    QLabel *m_addresses;
    QWidget *m_outdated; // "the design has changed since it was served" + Reload
    MetricsCharts *m_charts;
    RequestLogModel *m_log;
    QSortFilterProxyModel *m_filtered;
    QTableView *m_logView;
    QPushButton *m_detailsButton;
    QPointer<RequestDetailDialog> m_details;
    QLineEdit *m_filter;
    QCheckBox *m_pause;
    ExplainBox *m_explain;
    QElapsedTimer m_clock;
    bool m_serving = false;
};

} // namespace ingress::ui
