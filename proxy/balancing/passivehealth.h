#pragma once

#include "proxy/balancing/endpointstate.h"

#include <cstdint>

namespace ingress::proxy {

struct PassiveHealthSettings {
    int consecutiveFailures = 5;         // failures in a row that eject an endpoint
    std::int64_t baseEjectionMs = 10000; // the first ejection; the n-th lasts n times as long
    std::int64_t maxEjectionMs = 300000; // cap of one ejection, and the quiet time that resets n
    // At most this share of a service's endpoints is ejected at once (at least one may always
    // be), and never the last available one: see PassiveHealth.
    int maxEjectionPercent = 50;
};

// Outlier detection from real traffic (Envoy's consecutive-5xx ejection, nginx's max_fails /
// fail_timeout). Workers report the outcome of each upstream attempt: a failure is a refused or
// timed-out connect, a reset, or a 502/503/504 from the upstream; anything else is a success.
//
// Ejection lengths grow linearly with the endpoint's recent ejections (base, 2x base, ...) up to
// maxEjectionMs, so a flapping endpoint is kept out longer each time; after maxEjectionMs
// without an ejection the count starts over.
//
// Decision on the last endpoint: ejection never leaves a service with no available endpoint,
// and never takes out more than maxEjectionPercent of it. When every endpoint fails (a whole
// service restarting, a network blip) ejecting them all would turn the outage into a
// self-inflicted 503 for the whole ejection time; keeping the last one in rotation lets traffic
// resume the moment it recovers (Envoy's panic threshold and max_ejection_percent reason the
// same way). Endpoints marked down by the active health checker stay down: that is a verdict,
// not a guess from traffic.
//
// Stateless apart from the settings: everything lives in the shared EndpointState atomics, so
// one instance may be used by every worker at once.
class PassiveHealth {
public:
    explicit PassiveHealth(PassiveHealthSettings settings = {}) : m_settings(settings) {}

    const PassiveHealthSettings &settings() const { return m_settings; }

    void reportSuccess(EndpointState &endpoint) const;
    // A failed attempt on service.endpoints[endpoint]. True when this failure ejected it.
    bool reportFailure(ServiceState &service, int endpoint, std::int64_t nowMs) const;
    // The same for an endpoint on its own, without the per-service limits above.
    bool reportFailure(EndpointState &endpoint, std::int64_t nowMs) const;

    // How long the n-th recent ejection (1-based) lasts.
    std::int64_t ejectionDurationMs(int ejection) const;

private:
    bool mayEject(const ServiceState &service, const EndpointState &candidate,
                  std::int64_t nowMs) const;
    bool countFailure(EndpointState &endpoint, std::int64_t nowMs) const;
    bool eject(EndpointState &endpoint, std::int64_t nowMs) const;

    PassiveHealthSettings m_settings;
};

} // namespace ingress::proxy
