#pragma once

#include "proxy/balancing/endpointstate.h"

#include <cstdint>
#include <memory>

namespace ingress {
struct CompiledService;
}

namespace ingress::proxy {

struct PickRequest {
    std::uint64_t clientHash = 0; // hash of the client address (IPHash)
    std::int64_t nowMs = 0;       // steady clock, for ejection checks
    int exclude = -1;             // endpoint index not to pick (the retry after a failed connect)
};

// Chooses an endpoint of one service for one request. One instance per service per worker
// thread, so implementations may keep unsynchronised state (smooth WRR's current weights); what
// must be shared (active request counts, health) lives in ServiceState.
class LoadBalancer {
public:
    virtual ~LoadBalancer() = default;
    // Index into the service's endpoints, or -1 when no endpoint is available (-> 503).
    virtual int pick(const PickRequest &request) = 0;
    // Could pick() choose endpoint `index` for this request (weight, health, exclude)? A sticky
    // session's endpoint is taken only then, so that it leaves exactly when the balancer would
    // stop sending to it.
    virtual bool accepts(int index, const PickRequest &request) const = 0;
};

// The balancer for the service's policy (RoundRobin: smooth weighted round-robin;
// LeastConnections; IPHash: consistent hashing; Random: power of two choices).
std::unique_ptr<LoadBalancer> makeLoadBalancer(const CompiledService &service,
                                               ServiceStatePtr state);

} // namespace ingress::proxy
