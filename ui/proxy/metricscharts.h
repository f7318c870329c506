#pragma once

#include "proxy/metrics/metricssnapshot.h"

#include <optional>
#include <QList>
#include <QPointF>
#include <QWidget>

class QLineSeries;
class QValueAxis;
class QChart;

namespace ingress::ui {

// Requests per second, p50/p99 latency and responses by class over the last five minutes,
// computed from successive engine snapshots (the engine counts; this only draws).
class MetricsCharts : public QWidget {
    Q_OBJECT
public:
    static constexpr int windowSeconds = 300;
    static constexpr int visibleSpans[] = {30, 60, 120, windowSeconds};

    explicit MetricsCharts(QWidget *parent = nullptr);

    // One sample; `seconds` is a monotonic time in seconds.
    void addSnapshot(const proxy::MetricsSnapshot &snapshot, double seconds);
    void clear();
    double lastRequestsPerSecond() const { return m_lastRate; }
    double lastRefusedPerSecond() const { return m_lastRefusedRate; }

private:
    struct Series {
        QLineSeries *series;
        QList<QPointF> points;
    };
    QChart *makeChart(const QString &title, QValueAxis **yAxis);
    void push(Series &series, double x, double y);

    std::optional<proxy::MetricsSnapshot> m_previous;
    double m_previousSeconds = 0;
    double m_lastRate = 0;
    double m_lastRefusedRate = 0; // requests refused by host and route policies
    QList<QValueAxis *> m_xAxes;
    QList<QValueAxis *> m_yAxes;
    QList<Series> m_series; // rate, p50, p99, 1xx..5xx
};

} // namespace ingress::ui
