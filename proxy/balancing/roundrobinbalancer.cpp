#include "proxy/balancing/roundrobinbalancer.h"

namespace ingress::proxy {

RoundRobinBalancer::RoundRobinBalancer(const CompiledService &service, ServiceStatePtr state)
    : WeightedBalancer(service, std::move(state)), m_current(std::size_t(endpointCount()), 0) {
}

int RoundRobinBalancer::pick(const PickRequest &request) {
    int best = -1;
    std::int64_t total = 0;
    for (int i = 0; i < endpointCount(); ++i) {
        // Unavailable endpoints neither gain nor lose score, as in nginx: when one comes back
        // it rejoins the rotation where it left it.
        if (!isCandidate(i, request))
            continue;
        m_current[std::size_t(i)] += weight(i);
        total += weight(i);
        if (best < 0 || m_current[std::size_t(i)] > m_current[std::size_t(best)])
            best = i;
    }
    if (best >= 0)
        m_current[std::size_t(best)] -= total;
    return best;
}

} // namespace ingress::proxy
