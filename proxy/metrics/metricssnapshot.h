#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <QString>
#include <string>
#include <vector>

namespace ingress::proxy {

// Counters of one subject (a listener, host, route, service or endpoint).
struct MetricCounters {
    std::uint64_t requests = 0;
    std::array<std::uint64_t, 5> responsesByClass{}; // 1xx .. 5xx
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesOut = 0;
    std::int64_t activeConnections = 0;
    std::uint64_t upstreamConnectErrors = 0;
    std::uint64_t retries = 0;
    std::uint64_t upstreamConnectionsReused = 0;
    // Requests no route matched that the topology's defaultService answered (services, total).
    std::uint64_t defaultServiceRequests = 0;
    // Latency in microseconds at p50/p90/p99, from the merged histograms.
    double p50Us = 0, p90Us = 0, p99Us = 0;
    std::uint64_t durationSumUs = 0; // over `requests` requests: the Prometheus summary's _sum
    // Copies of requests for a route's mirror (mirrors, total): answered by the mirror service
    // (whatever the status), failed (refused, reset, timed out, malformed answer, no endpoint)
    // or dropped unsent (over the body limit, too many in flight, client request incomplete).
    std::uint64_t mirrorsAnswered = 0;
    std::uint64_t mirrorsFailed = 0;
    std::uint64_t mirrorsDropped = 0;
    // Requests a host or route policy refused (listeners, hosts, routes, total), by the part
    // that refused them: connection limit, rate limit, access list, basic auth, external auth
    // (its refusals and its failures alike).
    std::uint64_t deniedConnections = 0;
    std::uint64_t deniedRate = 0;
    std::uint64_t deniedAccess = 0;
    std::uint64_t deniedAuth = 0;
    std::uint64_t deniedExternalAuth = 0;

    std::uint64_t denied() const {
        return deniedConnections + deniedRate + deniedAccess + deniedAuth + deniedExternalAuth;
    }
};

// Backend: one service of a split route ("food.bar.com /api -> canary"), counting the requests
// the split sent it. Mirror: one mirror of a route ("food.bar.com /api -> shadow").
enum class MetricScope { Listener, Host, Route, Service, Endpoint, Backend, Mirror };

// Whether an endpoint takes requests, as the balancers see it when the snapshot is taken.
enum class EndpointCondition {
    Healthy,
    Unhealthy, // the active health check fails
    Ejected,   // passive health: taken out for a while after failures in a row
};

// Everything the engine counted, summed over workers at one instant. The GUI polls one of
// these every 250-1000 ms (ProxyEngine::metricsSnapshot); /metrics renders one.
struct MetricsSnapshot {
    std::int64_t takenAtMs = 0; // steady clock
    // key: scope + subject name ("web", "food.bar.com", "food.bar.com /api", "food",
    // "food/127.0.0.1:9001", "food.bar.com /api -> canary")
    std::map<std::pair<MetricScope, std::string>, MetricCounters> subjects;
    MetricCounters total;
    std::vector<std::int64_t> workerConnections; // open client connections, per worker thread
    // key: endpoint subject name ("food/127.0.0.1:9001"), for the endpoints being served
    std::map<std::string, EndpointCondition> endpointConditions;
};

} // namespace ingress::proxy
