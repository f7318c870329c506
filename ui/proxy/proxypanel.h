#pragma once

#include <QElapsedTimer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace ingress {
class TopologyDocument;
}

namespace ingress::ui {

class ExplainBox;
class MetricsCharts;
class ProxyController;
class RequestLogModel;

// The "Proxy" dock: state and listening addresses (links open in the browser), live charts
// from the controller's metrics samples, the request log with filter and pause, and the explain
// box.
class ProxyPanel : public QWidget {
    Q_OBJECT
public:
    ProxyPanel(ProxyController *controller, TopologyDocument *document, QWidget *parent = nullptr);

    MetricsCharts *charts() const { return m_charts; }
    RequestLogModel *log() const { return m_log; }
    QWidget *outdatedBanner() const { return m_outdated; }

private:
    void updateState();
    void addSample();

    ProxyController *m_controller;
    TopologyDocument *m_document;
    QLabel *m_status;
    QLabel *m_addresses;
    QWidget *m_outdated; // "the design has changed since it was served" + Reload
    MetricsCharts *m_charts;
    RequestLogModel *m_log;
    QTableView *m_logView;
    QLineEdit *m_filter;
    QCheckBox *m_pause;
    ExplainBox *m_explain;
    QElapsedTimer m_clock;
    bool m_serving = false;
};

} // namespace ingress::ui
