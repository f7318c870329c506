#pragma once

#include "proxy/metrics/metricssnapshot.h"

#include <array>
#include <cstdint>
#include <string_view>

namespace ingress::proxy {

// The one list of what the engine counts. Workers keep one slot per entry per subject, the
// snapshot folds the slots into MetricCounters through `add`, and the Prometheus text is
// written from `read`: a new metric is one line here plus its MetricCounters field.

enum class MetricKind {
    Counter,   // only goes up; Prometheus name ends in _total
    Gauge,     // goes up and down (slots wrap modulo 2^64; the sum is read back as signed)
    SummarySum // not a family of its own: the _sum of the latency summary
};

// Bit per MetricScope, plus the engine-wide total.
enum MetricScopes : unsigned {
    ListenerScope = 1u << int(MetricScope::Listener),
    HostScope = 1u << int(MetricScope::Host),
    RouteScope = 1u << int(MetricScope::Route),
    ServiceScope = 1u << int(MetricScope::Service),
    EndpointScope = 1u << int(MetricScope::Endpoint),
    BackendScope = 1u << int(MetricScope::Backend),
    MirrorScope = 1u << int(MetricScope::Mirror),
    TotalScope = 1u << 7,
    AllScopes = 0xffu,
    // Where a client's request is counted: everything but mirrors, whose copies are not.
    RequestScopes = AllScopes & ~unsigned(MirrorScope),
};

struct MetricDefinition {
    std::string_view name; // Prometheus family name
    std::string_view help;
    MetricKind kind;
    std::string_view label; // extra label of this slot within its family, e.g. code="2xx"
    unsigned scopes;        // where the value means something (MetricScopes)
    void (*add)(MetricCounters &counters, std::uint64_t value);
    std::uint64_t (*read)(const MetricCounters &counters);
};

// Slot numbers: positions in metricDefinitions (checked by static_asserts in the .cpp).
enum MetricSlot : int {
    RequestsSlot,
    Responses1xxSlot,
    Responses2xxSlot,
    Responses3xxSlot,
    Responses4xxSlot,
    Responses5xxSlot,
    BytesInSlot,
    BytesOutSlot,
    UpstreamConnectErrorsSlot,
    RetriesSlot,
    UpstreamReusedSlot,
    DefaultServiceRequestsSlot,
    DurationSumSlot,
    ActiveConnectionsSlot,
    MirrorsAnsweredSlot,
    MirrorsFailedSlot,
    MirrorsDroppedSlot,
    DeniedConnectionsSlot,
    DeniedRateSlot,
    DeniedAccessSlot,
    DeniedAuthSlot,
    DeniedExternalAuthSlot,
    MetricSlotCount
};

const std::array<MetricDefinition, MetricSlotCount> &metricDefinitions();

// The latency summary (quantiles from the histograms, _sum from DurationSumSlot, _count from
// RequestsSlot) and the per-worker connection gauge.
inline constexpr std::string_view latencyMetricName = "ingress_request_duration_seconds";
inline constexpr std::string_view latencyMetricHelp =
    "Time from the first request byte to the last response byte.";
inline constexpr std::string_view workerConnectionsMetricName = "ingress_worker_active_connections";
inline constexpr std::string_view workerConnectionsMetricHelp =
    "Open client connections served by each worker thread.";

// Prometheus label value of a scope: "listener", "host", "route", "service", "endpoint",
// "backend", "mirror".
std::string_view scopeName(MetricScope scope);

} // namespace ingress::proxy
