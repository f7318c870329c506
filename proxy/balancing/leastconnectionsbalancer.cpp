#include "proxy/balancing/leastconnectionsbalancer.h"

namespace ingress::proxy {

LeastConnectionsBalancer::LeastConnectionsBalancer(const CompiledService &service,
                                                   ServiceStatePtr state)
    : WeightedBalancer(service, std::move(state)), m_current(std::size_t(endpointCount()), 0) {
    m_tied.reserve(std::size_t(endpointCount()));
}

int LeastConnectionsBalancer::pick(const PickRequest &request) {
    m_tied.clear();
    for (int i = 0; i < endpointCount(); ++i) {
        if (!isCandidate(i, request))
            continue;
        if (!m_tied.empty() && lessLoaded(i, m_tied.front()))
            m_tied.clear();
        if (m_tied.empty() || !lessLoaded(m_tied.front(), i))
            m_tied.push_back(i);
    }
    if (m_tied.size() <= 1)
        return m_tied.empty() ? -1 : m_tied.front();

    int best = -1;
    std::int64_t total = 0;
    for (const int i : m_tied) {
        m_current[std::size_t(i)] += weight(i);
        total += weight(i);
        if (best < 0 || m_current[std::size_t(i)] > m_current[std::size_t(best)])
            best = i;
    }
    m_current[std::size_t(best)] -= total;
    return best;
}

} // namespace ingress::proxy
