#include "proxy/metrics/metricdefinitions.h"

namespace ingress::proxy {

namespace {

using C = MetricCounters;

template <int Class> void addResponses(C &c, std::uint64_t v) {
    c.responsesByClass[Class] += v;
}
template <int Class> std::uint64_t readResponses(const C &c) {
    return c.responsesByClass[Class];
}

constexpr std::string_view responsesName = "ingress_responses_total";
constexpr std::string_view responsesHelp = "Responses sent to clients, by status class.";
constexpr unsigned requestScopes = RequestScopes;
constexpr std::string_view mirrorsName = "ingress_mirror_requests_total";
constexpr std::string_view mirrorsHelp =
    "Copies of requests for route mirrors, by result: answered by the mirror service, failed, "
    "or dropped unsent (over the body limit, too many in flight).";
constexpr unsigned mirrorScopes = MirrorScope | TotalScope;
constexpr std::string_view deniedName = "ingress_policy_denied_total";
constexpr std::string_view deniedHelp =
    "Requests a host or route policy refused, by the part that refused them.";
constexpr unsigned deniedScopes = ListenerScope | HostScope | RouteScope | TotalScope;

const std::array<MetricDefinition, MetricSlotCount> definitions{{
    {"ingress_requests_total", "Requests handled.", MetricKind::Counter, "", requestScopes,
     [](C &c, std::uint64_t v) { c.requests += v; }, [](const C &c) { return c.requests; }},
    {responsesName, responsesHelp, MetricKind::Counter, "code=\"1xx\"", requestScopes,
     addResponses<0>, readResponses<0>},
    {responsesName, responsesHelp, MetricKind::Counter, "code=\"2xx\"", requestScopes,
     addResponses<1>, readResponses<1>},
    {responsesName, responsesHelp, MetricKind::Counter, "code=\"3xx\"", requestScopes,
     addResponses<2>, readResponses<2>},
    {responsesName, responsesHelp, MetricKind::Counter, "code=\"4xx\"", requestScopes,
     addResponses<3>, readResponses<3>},
    {responsesName, responsesHelp, MetricKind::Counter, "code=\"5xx\"", requestScopes,
     addResponses<4>, readResponses<4>},
    {"ingress_received_bytes_total", "Bytes received from clients, head and body.",
     MetricKind::Counter, "", requestScopes, [](C &c, std::uint64_t v) { c.bytesIn += v; },
     [](const C &c) { return c.bytesIn; }},
    {"ingress_sent_bytes_total", "Bytes sent to clients, head and body.", MetricKind::Counter, "",
     requestScopes, [](C &c, std::uint64_t v) { c.bytesOut += v; },
     [](const C &c) { return c.bytesOut; }},
    {"ingress_upstream_connect_errors_total", "Failed connection attempts to upstreams.",
     MetricKind::Counter, "", requestScopes,
     [](C &c, std::uint64_t v) { c.upstreamConnectErrors += v; },
     [](const C &c) { return c.upstreamConnectErrors; }},
    {"ingress_retries_total", "Requests retried on another endpoint.", MetricKind::Counter, "",
     requestScopes, [](C &c, std::uint64_t v) { c.retries += v; },
     [](const C &c) { return c.retries; }},
    {"ingress_upstream_connections_reused_total",
     "Requests sent on a kept-alive upstream connection.", MetricKind::Counter, "", requestScopes,
     [](C &c, std::uint64_t v) { c.upstreamConnectionsReused += v; },
     [](const C &c) { return c.upstreamConnectionsReused; }},
    {"ingress_default_service_requests_total",
     "Requests no route matched, answered by the default service.", MetricKind::Counter, "",
     ServiceScope | TotalScope, [](C &c, std::uint64_t v) { c.defaultServiceRequests += v; },
     [](const C &c) { return c.defaultServiceRequests; }},
    {latencyMetricName, latencyMetricHelp, MetricKind::SummarySum, "", requestScopes,
     [](C &c, std::uint64_t v) { c.durationSumUs += v; },
     [](const C &c) { return c.durationSumUs; }},
    {"ingress_active_connections", "Open client connections.", MetricKind::Gauge, "",
     ListenerScope | TotalScope,
     // Gauge slots wrap modulo 2^64 (see MetricKind::Gauge): add in unsigned, read as signed.
     [](C &c, std::uint64_t v) {
         c.activeConnections = std::int64_t(std::uint64_t(c.activeConnections) + v);
     },
     [](const C &c) { return std::uint64_t(c.activeConnections); }},
    {mirrorsName, mirrorsHelp, MetricKind::Counter, "result=\"answered\"", mirrorScopes,
     [](C &c, std::uint64_t v) { c.mirrorsAnswered += v; },
     [](const C &c) { return c.mirrorsAnswered; }},
    {mirrorsName, mirrorsHelp, MetricKind::Counter, "result=\"failed\"", mirrorScopes,
     [](C &c, std::uint64_t v) { c.mirrorsFailed += v; },
     [](const C &c) { return c.mirrorsFailed; }},
    {mirrorsName, mirrorsHelp, MetricKind::Counter, "result=\"dropped\"", mirrorScopes,
     [](C &c, std::uint64_t v) { c.mirrorsDropped += v; },
     [](const C &c) { return c.mirrorsDropped; }},
    {deniedName, deniedHelp, MetricKind::Counter, "reason=\"connections\"", deniedScopes,
     [](C &c, std::uint64_t v) { c.deniedConnections += v; },
     [](const C &c) { return c.deniedConnections; }},
    {deniedName, deniedHelp, MetricKind::Counter, "reason=\"rate\"", deniedScopes,
     [](C &c, std::uint64_t v) { c.deniedRate += v; }, [](const C &c) { return c.deniedRate; }},
    {deniedName, deniedHelp, MetricKind::Counter, "reason=\"access\"", deniedScopes,
     [](C &c, std::uint64_t v) { c.deniedAccess += v; }, [](const C &c) { return c.deniedAccess; }},
    {deniedName, deniedHelp, MetricKind::Counter, "reason=\"auth\"", deniedScopes,
     [](C &c, std::uint64_t v) { c.deniedAuth += v; }, [](const C &c) { return c.deniedAuth; }},
    {deniedName, deniedHelp, MetricKind::Counter, "reason=\"external-auth\"", deniedScopes,
     [](C &c, std::uint64_t v) { c.deniedExternalAuth += v; },
     [](const C &c) { return c.deniedExternalAuth; }},
}};

static_assert(MetricSlotCount == 22, "one metricDefinitions entry per MetricSlot");

} // namespace

const std::array<MetricDefinition, MetricSlotCount> &metricDefinitions() {
    return definitions;
}

std::string_view scopeName(MetricScope scope) {
    switch (scope) {
    case MetricScope::Listener:
        return "listener";
    case MetricScope::Host:
        return "host";
    case MetricScope::Route:
        return "route";
    case MetricScope::Service:
        return "service";
    case MetricScope::Endpoint:
        return "endpoint";
    case MetricScope::Backend:
        return "backend";
    case MetricScope::Mirror:
        return "mirror";
    }
    return "unknown";
}

} // namespace ingress::proxy
