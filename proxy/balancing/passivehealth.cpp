#include "proxy/balancing/passivehealth.h"

#include <algorithm>

namespace ingress::proxy {

namespace {
constexpr auto relaxed = std::memory_order_relaxed;
}

void PassiveHealth::reportSuccess(EndpointState &endpoint) const {
    if (endpoint.consecutiveFailures.load(relaxed) != 0)
        endpoint.consecutiveFailures.store(0, relaxed);
}

std::int64_t PassiveHealth::ejectionDurationMs(int ejection) const {
    const std::int64_t n = std::max(ejection, 1);
    const std::int64_t cap = std::max(m_settings.maxEjectionMs, m_settings.baseEjectionMs);
    // Compare before multiplying: n is small in practice, but never overflow.
    if (m_settings.baseEjectionMs > 0 && n > cap / m_settings.baseEjectionMs)
        return cap;
    return std::min(cap, m_settings.baseEjectionMs * n);
}

bool PassiveHealth::countFailure(EndpointState &endpoint, std::int64_t nowMs) const {
    // Requests that were in flight when the endpoint was ejected finish with failures too;
    // they must not count towards (or lengthen) the next ejection.
    if (endpoint.ejectedUntilMs.load(relaxed) > nowMs)
        return false;
    const int failures = endpoint.consecutiveFailures.fetch_add(1, relaxed) + 1;
    return failures >= std::max(m_settings.consecutiveFailures, 1);
}

bool PassiveHealth::eject(EndpointState &endpoint, std::int64_t nowMs) const {
    std::int64_t until = endpoint.ejectedUntilMs.load(relaxed);
    if (until > nowMs)
        return false;
    // A long quiet spell since the last ejection forgets the earlier ones.
    const bool forgiven = until == 0 || nowMs - until > m_settings.maxEjectionMs;
    const int ejection = forgiven ? 1 : endpoint.ejections.load(relaxed) + 1;
    // Several workers may cross the threshold together: the one whose exchange succeeds ejects.
    if (!endpoint.ejectedUntilMs.compare_exchange_strong(
            until, nowMs + ejectionDurationMs(ejection), relaxed))
        return false;
    endpoint.ejections.store(ejection, relaxed);
    endpoint.consecutiveFailures.store(0, relaxed);
    return true;
}

bool PassiveHealth::mayEject(const ServiceState &service, const EndpointState &candidate,
                             std::int64_t nowMs) const {
    int ejected = 0;
    int otherAvailable = 0;
    for (const auto &endpoint : service.endpoints) {
        if (endpoint->ejectedUntilMs.load(relaxed) > nowMs)
            ++ejected;
        else if (endpoint.get() != &candidate && endpoint->isAvailable(nowMs))
            ++otherAvailable;
    }
    if (otherAvailable == 0)
        return false;
    const int total = int(service.endpoints.size());
    const int limit = std::max(1, total * std::clamp(m_settings.maxEjectionPercent, 0, 100) / 100);
    return ejected < limit;
}

bool PassiveHealth::reportFailure(ServiceState &service, int endpoint, std::int64_t nowMs) const {
    if (endpoint < 0 || std::size_t(endpoint) >= service.endpoints.size())
        return false;
    EndpointState &state = *service.endpoints[std::size_t(endpoint)];
    if (!countFailure(state, nowMs))
        return false;
    if (!mayEject(service, state, nowMs)) {
        // Stay one failure short of the threshold: the next failure asks again, by which time
        // another endpoint may be back.
        state.consecutiveFailures.store(std::max(m_settings.consecutiveFailures, 1) - 1, relaxed);
        return false;
    }
    return eject(state, nowMs);
}

bool PassiveHealth::reportFailure(EndpointState &endpoint, std::int64_t nowMs) const {
    return countFailure(endpoint, nowMs) && eject(endpoint, nowMs);
}

} // namespace ingress::proxy
