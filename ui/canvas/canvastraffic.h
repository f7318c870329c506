#pragma once

#include "proxy/metrics/metricssnapshot.h"

#include <memory>
#include <string>

namespace ingress::ui {

class CanvasLayout;

// What a node shows of the traffic through it while the proxy serves.
struct NodeTraffic {
    enum class Health { Unknown, Healthy, Unhealthy, Ejected }; // endpoints only

    double rate = 0;    // requests per second over the last poll interval
    double rate4xx = 0; // responses per second by class (shown on routes)
    double rate5xx = 0;
    double share = -1; // endpoints: part of their service's requests, 0..1; -1: no requests
    Health health = Health::Unknown;

    friend bool operator==(const NodeTraffic &, const NodeTraffic &) = default;
};

// Rates from the last two metrics samples of the proxy (ProxyController's one poll), looked up
// per node and edge on demand by name (MetricsSnapshot subjects): the canvas asks only for what
// has items on screen, so an update costs what is in view, not the size of the topology, and
// nothing is laid out again.
class CanvasTraffic {
public:
    using SnapshotPtr = std::shared_ptr<const proxy::MetricsSnapshot>;

    // `before` may be null (the first sample: every rate is 0 until the next one).
    void setSamples(SnapshotPtr now, SnapshotPtr before);
    void clear();
    bool isActive() const { return bool(m_now); }

    NodeTraffic node(const CanvasLayout &layout, int node) const;
    double edgeRate(const CanvasLayout &layout, int edge) const;

private:
    using Read = std::uint64_t (*)(const proxy::MetricCounters &);
    double rate(proxy::MetricScope scope, const std::string &subject, Read read) const;
    double nodeRate(const CanvasLayout &layout, int node) const;
    // A listener's part of what reaches `node` from all the listeners that feed it.
    double listenerShare(const CanvasLayout &layout, int listener, int node) const;

    SnapshotPtr m_now;
    SnapshotPtr m_before;
    double m_seconds = 0;
};

} // namespace ingress::ui
