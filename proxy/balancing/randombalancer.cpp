#include "proxy/balancing/randombalancer.h"

#include "proxy/balancing/hashing.h"

#include <QRandomGenerator>

namespace ingress::proxy {

RandomBalancer::RandomBalancer(const CompiledService &service, ServiceStatePtr state,
                               std::uint64_t seed)
    : WeightedBalancer(service, std::move(state)),
      m_state(seed != 0 ? seed : QRandomGenerator::global()->generate64()) {
}

std::uint64_t RandomBalancer::next() {
    // splitmix64: a tiny, fast, unsynchronised generator is all a per-worker balancer needs.
    m_state += 0x9e3779b97f4a7c15ull;
    return mix64(m_state);
}

int RandomBalancer::draw(const PickRequest &request, std::int64_t totalWeight, int skip) {
    if (totalWeight <= 0)
        return -1;
    std::int64_t target = std::int64_t(next() % std::uint64_t(totalWeight));
    int last = -1;
    for (int i = 0; i < endpointCount(); ++i) {
        if (i == skip || !isCandidate(i, request))
            continue;
        last = i;
        target -= weight(i);
        if (target < 0)
            return i;
    }
    // Only reached when another thread flipped a health flag since the weights were summed.
    return last;
}

int RandomBalancer::pick(const PickRequest &request) {
    std::int64_t total = 0;
    for (int i = 0; i < endpointCount(); ++i) {
        if (isCandidate(i, request))
            total += weight(i);
    }
    const int first = draw(request, total, -1);
    if (first < 0)
        return -1;
    const int second = draw(request, total - weight(first), first);
    if (second < 0 || !lessLoaded(second, first))
        return first;
    return second;
}

} // namespace ingress::proxy
