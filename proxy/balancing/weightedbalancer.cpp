#include "proxy/balancing/weightedbalancer.h"

#include "model/routing/routingtable.h"

#include <algorithm>

namespace ingress::proxy {

WeightedBalancer::WeightedBalancer(const CompiledService &service, ServiceStatePtr state)
    : m_state(std::move(state)) {
    // The state and the compiled service come from the same reload and so have the same
    // endpoints; should they ever disagree, the shorter list keeps every index valid.
    const std::size_t count =
        m_state ? std::min(service.endpoints.size(), m_state->endpoints.size()) : 0;
    m_weights.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        m_weights.push_back(std::max(service.endpoints[i].weight, 0));
}

} // namespace ingress::proxy
