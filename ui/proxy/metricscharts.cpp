#include "ui/proxy/metricscharts.h"

#include <algorithm>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QValueAxis>

namespace ingress::ui {

MetricsCharts::MetricsCharts(QWidget *parent) : QWidget(parent) {
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    const auto addChart = [&](const QString &title, const QStringList &names) {
        QValueAxis *y = nullptr;
        QChart *chart = makeChart(title, &y);
        for (const QString &name : names) {
            auto *series = new QLineSeries;
            series->setName(name);
            chart->addSeries(series);
            series->attachAxis(m_xAxes.constLast());
            series->attachAxis(y);
            m_series.append(Series{series, {}});
        }
        auto *view = new QChartView(chart);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(130);
        layout->addWidget(view);
    };
    // Refusals by host and route policies (429, 403, 401) beside all requests, so a rate limit
    // or an access list biting shows at once.
    addChart(tr("Requests/s"), {tr("requests/s"), tr("refused by policy/s")});
    addChart(tr("Latency (ms)"), {QStringLiteral("p50"), QStringLiteral("p99")});
    addChart(tr("Responses/s by class"),
             {QStringLiteral("1xx"), QStringLiteral("2xx"), QStringLiteral("3xx"),
              QStringLiteral("4xx"), QStringLiteral("5xx")});
}

QChart *MetricsCharts::makeChart(const QString &title, QValueAxis **yAxis) {
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->legend()->setAlignment(Qt::AlignBottom);
    // Follow the application palette instead of the chart's own light theme.
    chart->setBackgroundBrush(palette().color(QPalette::Base));
    chart->setTitleBrush(palette().color(QPalette::Text));
    chart->legend()->setLabelColor(palette().color(QPalette::Text));
    auto *x = new QValueAxis;
    x->setRange(-visibleSpans[0], 0);
    x->setLabelFormat(QStringLiteral("%ds"));
    x->setTickCount(6);
    auto *y = new QValueAxis;
    y->setRange(0, 1);
    y->setTickCount(3);
    y->setLabelFormat(QStringLiteral("%.3g"));
    for (QValueAxis *axis : {x, y})
        axis->setLabelsColor(palette().color(QPalette::Text));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    m_xAxes << x;
    m_yAxes << y;
    *yAxis = y;
    return chart;
}

void MetricsCharts::push(Series &series, double x, double y) {
    series.points.append(QPointF(x, y));
    while (!series.points.isEmpty() && series.points.constFirst().x() < x - windowSeconds)
        series.points.removeFirst();
}

void MetricsCharts::addSnapshot(const proxy::MetricsSnapshot &snapshot, double seconds) {
    if (m_previous && seconds > m_previousSeconds) {
        const double dt = seconds - m_previousSeconds;
        const auto rate = [dt](std::uint64_t now, std::uint64_t before) {
            return now >= before ? double(now - before) / dt : 0.0;
        };
        m_lastRate = rate(snapshot.total.requests, m_previous->total.requests);
        push(m_series[0], seconds, m_lastRate);
        m_lastRefusedRate = rate(snapshot.total.denied(), m_previous->total.denied());
        push(m_series[1], seconds, m_lastRefusedRate);
        push(m_series[2], seconds, snapshot.total.p50Us / 1000.0);
        push(m_series[3], seconds, snapshot.total.p99Us / 1000.0);
        for (int c = 0; c < 5; ++c)
            push(m_series[4 + c], seconds,
                 rate(snapshot.total.responsesByClass[std::size_t(c)],
                      m_previous->total.responsesByClass[std::size_t(c)]));
        // The x axis grows with the history (30 s, 1, 2, 5 min): a proxy started a moment ago
        // would otherwise draw its first seconds as a sliver at the right edge.
        const double history = seconds - m_series[0].points.constFirst().x();
        int span = visibleSpans[std::size(visibleSpans) - 1];
        for (int candidate : visibleSpans)
            if (history <= candidate) {
                span = candidate;
                break;
            }
        for (QValueAxis *x : std::as_const(m_xAxes))
            x->setRange(-span, 0);
        // Show time as "seconds ago" and keep every y axis just above its largest value.
        const int firstOfChart[] = {0, 2, 4, int(m_series.size())};
        for (int chart = 0; chart < 3; ++chart) {
            double top = 1;
            for (int s = firstOfChart[chart]; s < firstOfChart[chart + 1]; ++s) {
                QList<QPointF> shifted;
                shifted.reserve(m_series[s].points.size());
                for (const QPointF &p : std::as_const(m_series[s].points)) {
                    shifted.append(QPointF(p.x() - seconds, p.y()));
                    top = std::max(top, p.y());
                }
                m_series[s].series->replace(shifted);
            }
            m_yAxes[chart]->setRange(0, top * 1.15);
        }
    }
    m_previous = snapshot;
    m_previousSeconds = seconds;
}

void MetricsCharts::clear() {
    m_previous.reset();
    for (QValueAxis *x : std::as_const(m_xAxes))
        x->setRange(-visibleSpans[0], 0);
    m_lastRate = 0;
    for (Series &s : m_series) {
        s.points.clear();
        s.series->clear();
    }
}

} // namespace ingress::ui
