#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ingress::proxy {

// Live state of one endpoint, shared by every worker thread. Plain relaxed atomics: workers
// read it per request, so no lock; small races (two workers both picking a nearly-ejected
// endpoint) are harmless.
struct EndpointState {
    std::string address;                         // "host:port" as in the document
    std::atomic<int> activeRequests{0};          // for least-connections and metrics
    std::atomic<bool> activeHealthy{true};       // set by the active health checker
    std::atomic<int> consecutiveFailures{0};     // passive health
    std::atomic<std::int64_t> ejectedUntilMs{0}; // passive ejection, steady-clock ms
    std::atomic<int> ejections{0};               // passive: recent ejections, lengthen the next one

    bool isAvailable(std::int64_t nowMs) const {
        return activeHealthy.load(std::memory_order_relaxed) &&
               ejectedUntilMs.load(std::memory_order_relaxed) <= nowMs;
    }
};

// All endpoints of one service, in document order. Owned by the engine through shared_ptr and
// kept across reloads when the service's endpoint list is unchanged, so health survives a
// reload.
struct ServiceState {
    std::string name;
    std::vector<std::unique_ptr<EndpointState>> endpoints;
};

using ServiceStatePtr = std::shared_ptr<ServiceState>;

} // namespace ingress::proxy
