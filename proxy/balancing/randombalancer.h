#pragma once

#include "proxy/balancing/weightedbalancer.h"

#include <cstdint>

namespace ingress::proxy {

// Power of two random choices: draw two distinct endpoints at random in proportion to their
// weights and take the one with fewer active requests per unit weight (the first on a tie).
// Nearly as even as least-connections without every worker converging on the same "least"
// endpoint between two updates of the shared counts.
class RandomBalancer : public WeightedBalancer {
public:
    // seed 0: a random seed per instance, so workers do not draw the same sequence.
    RandomBalancer(const CompiledService &service, ServiceStatePtr state, std::uint64_t seed = 0);
    int pick(const PickRequest &request) override;

private:
    std::uint64_t next();
    // A weighted draw among the candidates other than `skip`; -1 when there is none.
    int draw(const PickRequest &request, std::int64_t totalWeight, int skip);

    std::uint64_t m_state;
};

} // namespace ingress::proxy
