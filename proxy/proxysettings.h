#pragma once

#include "model/topology/duration.h"
#include "proxy/http/requestparser.h"

#include <cstddef>
#include <cstdint>

namespace ingress::proxy {

// Engine-wide knobs. Per-service timeouts come from the RoutingTable; these are the rest.
struct ProxySettings {
    int workers = 0;                     // 0: one per core
    int maxConnections = 20000;          // accepted client connections over all listeners
    http::RequestLimits limits;          // 414 / 431 / header count
    Duration headerTimeout{10000};       // whole request head must arrive within (slowloris) -> 408
    Duration keepAliveTimeout{60000};    // idle client connection between requests
    Duration parkIdleAfter{1000};        // idle plain-HTTP connection parks (docs/proxy.md)
    Duration upstreamIdleTimeout{30000}; // idle pooled upstream connection (service idle wins)
    int maxIdlePerEndpoint = 64;         // pooled upstream connections per endpoint per worker
    std::size_t highWater = 1024 * 1024; // pause reading the other side above this backlog
    bool collectAccessLog = false;       // ProxyEngine::requestsLogged batches
    bool captureRequestHeaders = false;  // and copy request headers into them (GUI details)
    int passiveFailureThreshold = 3;     // consecutive connect failures eject an endpoint
    Duration passiveEjection{10000};
    // Route mirrors (docs/proxy.md, "Mirrors"): copies in flight per worker, and the largest
    // request body copied. Past either the copy is dropped and counted, never queued.
    int maxMirrorsInFlight = 32;
    std::uint64_t maxMirrorBody = 1024 * 1024;
};

} // namespace ingress::proxy
