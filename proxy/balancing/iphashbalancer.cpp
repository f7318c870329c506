#include "proxy/balancing/iphashbalancer.h"

#include "model/routing/routingtable.h"
#include "proxy/balancing/hashing.h"

#include <cmath>

namespace ingress::proxy {

IpHashBalancer::IpHashBalancer(const CompiledService &service, ServiceStatePtr state)
    : WeightedBalancer(service, std::move(state)) {
    m_addressHashes.reserve(std::size_t(endpointCount()));
    for (int i = 0; i < endpointCount(); ++i)
        m_addressHashes.push_back(hashBytes(service.endpoints[std::size_t(i)].address));
}

int IpHashBalancer::pick(const PickRequest &request) {
    // Weighted rendezvous (Schindelhauer & Schomaker): score = -ln(u) / weight with u uniform
    // in (0, 1); the smallest score wins, and endpoint i wins with probability
    // weight_i / sum(weights).
    const std::uint64_t client = mix64(request.clientHash);
    int best = -1;
    double bestScore = 0;
    for (int i = 0; i < endpointCount(); ++i) {
        if (!isCandidate(i, request))
            continue;
        const double u = unitInterval(mix64(client ^ m_addressHashes[std::size_t(i)]));
        const double score = -std::log(u) / weight(i);
        if (best < 0 || score < bestScore) {
            best = i;
            bestScore = score;
        }
    }
    return best;
}

} // namespace ingress::proxy
