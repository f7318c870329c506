#pragma once

#include "proxy/balancing/weightedbalancer.h"

#include <cstdint>
#include <vector>

namespace ingress::proxy {

// nginx's smooth weighted round-robin: every pick adds each candidate's weight to its running
// score, takes the highest score and subtracts the candidates' total from it. Over any window of
// sum(weights) picks the proportions are exact, and heavy endpoints are interleaved with light
// ones (5,1,1 -> a a b a c a a) instead of being hit in bursts.
class RoundRobinBalancer : public WeightedBalancer {
public:
    RoundRobinBalancer(const CompiledService &service, ServiceStatePtr state);
    int pick(const PickRequest &request) override;

private:
    std::vector<std::int64_t> m_current;
};

} // namespace ingress::proxy
