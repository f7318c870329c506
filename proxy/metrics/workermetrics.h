#pragma once

#include "model/routing/routingtable.h"
#include "proxy/metrics/requestrecord.h"

#include <memory>

namespace ingress::proxy {

class MetricsRegistry;

// The counters of one worker thread. Only that thread writes (relaxed atomics, no lock);
// MetricsRegistry::snapshot() reads from any thread. Bound to one RoutingTable at a time:
// rebind() on reload maps subjects by name so totals carry over.
class WorkerMetrics {
public:
    virtual ~WorkerMetrics() = default;
    virtual void rebind(const RoutingTablePtr &table) = 0;
    virtual void record(const RequestRecord &record) = 0;
    virtual void recordMirror(const MirrorRecord &record) = 0;
    virtual void connectionOpened(int listener) = 0;
    virtual void connectionClosed(int listener) = 0;
};

} // namespace ingress::proxy
