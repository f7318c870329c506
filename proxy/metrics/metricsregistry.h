#pragma once

#include "proxy/metrics/metricssnapshot.h"
#include "proxy/metrics/subjectnames.h"
#include "proxy/metrics/workermetrics.h"

#include <memory>
#include <QByteArray>

namespace ingress::proxy {

// Owns the per-worker counters and sums them into snapshots. The list of metrics is declared
// once (metricdefinitions.h or similar) and used by both the snapshot and the Prometheus text.
class MetricsRegistry {
public:
    MetricsRegistry();
    ~MetricsRegistry();
    // One per worker thread, created before the worker starts; the registry keeps ownership.
    WorkerMetrics *addWorker(const RoutingTablePtr &table);
    // The same from subject names alone (tests, tools without a compiled table).
    WorkerMetrics *addWorker(const SubjectNames &names);
    // Any thread, any time: takes the worker-list mutex and each worker's slot-list mutex,
    // never anything the workers' record path takes.
    MetricsSnapshot snapshot() const;
    // Prometheus text exposition format (version 0.0.4) of a snapshot.
    static QByteArray toPrometheus(const MetricsSnapshot &snapshot);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ingress::proxy
