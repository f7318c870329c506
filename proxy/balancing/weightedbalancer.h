#pragma once

#include "proxy/balancing/loadbalancer.h"

#include <cstdint>
#include <vector>

namespace ingress::proxy {

// What every policy shares: the service's weights (from the document) and its live endpoint
// state (shared with the other workers), plus the one rule of who may be picked at all.
class WeightedBalancer : public LoadBalancer {
public:
    WeightedBalancer(const CompiledService &service, ServiceStatePtr state);
    bool accepts(int index, const PickRequest &request) const override {
        return index >= 0 && index < endpointCount() && isCandidate(index, request);
    }

protected:
    int endpointCount() const { return int(m_weights.size()); }
    int weight(int index) const { return m_weights[std::size_t(index)]; }
    const EndpointState &endpoint(int index) const {
        return *m_state->endpoints[std::size_t(index)];
    }
    int activeRequests(int index) const {
        return endpoint(index).activeRequests.load(std::memory_order_relaxed);
    }
    // Pickable: positive weight, not excluded, not ejected or actively unhealthy.
    bool isCandidate(int index, const PickRequest &request) const {
        return index != request.exclude && m_weights[std::size_t(index)] > 0 &&
               endpoint(index).isAvailable(request.nowMs);
    }
    // a/wa < b/wb without division: which endpoint has fewer active requests per unit weight.
    bool lessLoaded(int a, int b) const {
        return std::int64_t(activeRequests(a)) * weight(b) <
               std::int64_t(activeRequests(b)) * weight(a);
    }

private:
    ServiceStatePtr m_state;
    std::vector<int> m_weights; // weight <= 0: never picked (a drained endpoint)
};

} // namespace ingress::proxy
