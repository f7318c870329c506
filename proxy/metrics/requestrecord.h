#pragma once

#include "proxy/policy/policydenial.h"

#include <cstdint>

namespace ingress::proxy {

// What a worker tells its metrics about one finished request. Indices refer to the
// RoutingTable the request was routed with (-1: none, e.g. a 404 has no route).
struct RequestRecord {
    int listener = -1;
    int host = -1;     // CompiledHost::index
    int route = -1;    // CompiledRoute::index within that host
    int service = -1;  // CompiledService::index
    int endpoint = -1; // CompiledEndpoint::index within that service
    int backend = -1;  // for a split route: the position in its backends of the one chosen
    int status = 0;
    std::uint64_t bytesIn = 0;  // from the client, head and body
    std::uint64_t bytesOut = 0; // to the client, head and body
    std::int64_t durationUs = 0;
    bool upstreamReused = false;
    bool upstreamConnectError = false;
    int retries = 0;
    PolicyDenial denied = PolicyDenial::None; // the policy part that refused the request
};

// What became of one copy of a request for a route's mirror (MirrorRequest).
enum class MirrorOutcome { Answered, Failed, Dropped };

struct MirrorRecord {
    int host = -1;   // CompiledHost::index
    int route = -1;  // CompiledRoute::index within that host
    int mirror = -1; // position in the route's mirrors
    MirrorOutcome outcome = MirrorOutcome::Dropped;
};

} // namespace ingress::proxy
