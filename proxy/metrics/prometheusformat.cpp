#include "proxy/metrics/prometheusformat.h"

#include "proxy/metrics/metricdefinitions.h"

namespace ingress::proxy {

namespace {

QByteArray bytes(std::string_view text) {
    return QByteArray(text.data(), qsizetype(text.size()));
}

// HELP text escaping: backslash and line feed (quotes are fine there).
QByteArray escapeHelp(std::string_view text) {
    QByteArray out;
    for (const char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray seconds(double us) {
    return QByteArray::number(us / 1e6, 'g', 12);
}

struct Writer {
    const MetricsSnapshot &snapshot;
    QByteArray out;

    void header(std::string_view name, std::string_view help, const char *type) {
        out += "# HELP " + bytes(name) + ' ' + escapeHelp(help) + '\n';
        out += "# TYPE " + bytes(name) + ' ' + type + '\n';
    }
    // Calls f(labels, counters) for the total and every subject in scope.
    template <typename F> void forEachSubject(unsigned scopes, F &&f) {
        if (scopes & TotalScope)
            f(QByteArray("scope=\"total\""), snapshot.total);
        for (const auto &[key, counters] : snapshot.subjects) {
            if (!(scopes & (1u << int(key.first))))
                continue;
            f("scope=\"" + bytes(scopeName(key.first)) + "\",name=\"" +
                  escapeLabelValue(key.second) + '"',
              counters);
        }
    }
    void sample(std::string_view name, const QByteArray &labels, const QByteArray &value) {
        out += bytes(name) + '{' + labels + "} " + value + '\n';
    }

    void counters() {
        const auto &definitions = metricDefinitions();
        std::string_view family;
        for (const MetricDefinition &definition : definitions) {
            if (definition.kind == MetricKind::SummarySum)
                continue;
            if (definition.name != family) {
                family = definition.name;
                header(family, definition.help,
                       definition.kind == MetricKind::Gauge ? "gauge" : "counter");
            }
            forEachSubject(definition.scopes, [&](QByteArray labels, const MetricCounters &c) {
                if (!definition.label.empty())
                    labels += ',' + bytes(definition.label);
                const std::uint64_t raw = definition.read(c);
                sample(definition.name, labels,
                       definition.kind == MetricKind::Gauge ? QByteArray::number(qint64(raw))
                                                            : QByteArray::number(quint64(raw)));
            });
        }
    }

    void latency() {
        header(latencyMetricName, latencyMetricHelp, "summary");
        const QByteArray sumName = bytes(latencyMetricName) + "_sum";
        const QByteArray countName = bytes(latencyMetricName) + "_count";
        forEachSubject(RequestScopes, [&](const QByteArray &labels, const MetricCounters &c) {
            sample(latencyMetricName, labels + ",quantile=\"0.5\"", seconds(c.p50Us));
            sample(latencyMetricName, labels + ",quantile=\"0.9\"", seconds(c.p90Us));
            sample(latencyMetricName, labels + ",quantile=\"0.99\"", seconds(c.p99Us));
            sample(sumName.toStdString(), labels, seconds(double(c.durationSumUs)));
            sample(countName.toStdString(), labels, QByteArray::number(quint64(c.requests)));
        });
    }

    void workers() {
        header(workerConnectionsMetricName, workerConnectionsMetricHelp, "gauge");
        for (std::size_t i = 0; i < snapshot.workerConnections.size(); ++i)
            sample(workerConnectionsMetricName, "worker=\"" + QByteArray::number(quint64(i)) + '"',
                   QByteArray::number(qint64(snapshot.workerConnections[i])));
    }
};

} // namespace

QByteArray escapeLabelValue(std::string_view value) {
    QByteArray out;
    out.reserve(qsizetype(value.size()));
    for (const char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray formatPrometheus(const MetricsSnapshot &snapshot) {
    Writer writer{snapshot, {}};
    writer.counters();
    writer.latency();
    writer.workers();
    return writer.out;
}

} // namespace ingress::proxy
