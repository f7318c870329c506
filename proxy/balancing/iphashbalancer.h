#pragma once

#include "proxy/balancing/weightedbalancer.h"

#include <cstdint>
#include <vector>

namespace ingress::proxy {

// Client affinity by weighted rendezvous (highest random weight) hashing: every endpoint scores
// the client with a hash of (client, endpoint address) scaled by its weight, the best available
// score wins. A client's choice depends only on the endpoints themselves, not on their order or
// count, so adding or removing one endpoint of N moves only the ~1/N of clients that it wins or
// held, and an ejected endpoint's clients fall back to their second choice and return when it
// recovers. O(N) per pick, which is fine for the handful of endpoints a service has and needs
// no ring to rebuild.
class IpHashBalancer : public WeightedBalancer {
public:
    IpHashBalancer(const CompiledService &service, ServiceStatePtr state);
    int pick(const PickRequest &request) override;

private:
    std::vector<std::uint64_t> m_addressHashes; // keyed by address so order does not matter
};

} // namespace ingress::proxy
