#pragma once

#include "metricssnapshot.h"
#include "workermetrics.h"

#include <memory>

namespace ingress::proxy {

// Owns the per-worker counters and sums them into snapshots. The list of metrics is declared
// once (metricdefinitions.h or similar) and used by both the snapshot and the Prometheus text.
class MetricsRegistry {
public:
    MetricsRegistry();
    ~MetricsRegistry();
    // One per worker thread, created before the worker starts; the registry keeps ownership.
    WorkerMetrics *addWorker(const RoutingTablePtr &table);
    MetricsSnapshot snapshot() const;
    // Prometheus text exposition format (version 0.0.4) of a snapshot.
    static QByteArray toPrometheus(const MetricsSnapshot &snapshot);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ingress::proxy
