#pragma once

#include "proxy/balancing/weightedbalancer.h"

#include <cstdint>
#include <vector>

namespace ingress::proxy {

// Fewest active requests per unit of weight (active/weight, shared by all workers through
// EndpointState). Ties are shared by smooth weighted round-robin among the tied endpoints, as
// nginx's least_conn does, so an idle service still gets the weight proportions.
class LeastConnectionsBalancer : public WeightedBalancer {
public:
    LeastConnectionsBalancer(const CompiledService &service, ServiceStatePtr state);
    int pick(const PickRequest &request) override;

private:
    std::vector<std::int64_t> m_current; // smooth round-robin scores for tie-breaking
    std::vector<int> m_tied;
};

} // namespace ingress::proxy
