#include "proxy/balancing/servicestateregistry.h"

#include "model/routing/routingtable.h"

#include <algorithm>

namespace ingress::proxy {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

bool sameEndpoints(const ServiceState &state, const CompiledService &service) {
    return std::equal(state.endpoints.begin(), state.endpoints.end(), service.endpoints.begin(),
                      service.endpoints.end(),
                      [](const auto &endpoint, const CompiledEndpoint &compiled) {
                          return endpoint->address == compiled.address;
                      });
}

void inheritHealth(EndpointState &to, const EndpointState &from) {
    to.activeHealthy.store(from.activeHealthy.load(relaxed), relaxed);
    to.consecutiveFailures.store(from.consecutiveFailures.load(relaxed), relaxed);
    to.ejectedUntilMs.store(from.ejectedUntilMs.load(relaxed), relaxed);
    to.ejections.store(from.ejections.load(relaxed), relaxed);
}

ServiceStatePtr rebuild(const CompiledService &service, const ServiceState *previous) {
    auto state = std::make_shared<ServiceState>();
    state->name = service.name;
    state->endpoints.reserve(service.endpoints.size());
    for (const CompiledEndpoint &compiled : service.endpoints) {
        auto endpoint = std::make_unique<EndpointState>();
        endpoint->address = compiled.address;
        if (previous) {
            const auto old = std::find_if(
                previous->endpoints.begin(), previous->endpoints.end(),
                [&](const auto &candidate) { return candidate->address == compiled.address; });
            if (old != previous->endpoints.end())
                inheritHealth(*endpoint, **old);
        }
        state->endpoints.push_back(std::move(endpoint));
    }
    return state;
}

} // namespace

std::vector<ServiceStatePtr>
ServiceStateRegistry::update(const std::vector<CompiledService> &services) {
    std::map<std::string, ServiceStatePtr> next;
    std::vector<ServiceStatePtr> result;
    result.reserve(services.size());
    for (const CompiledService &service : services) {
        ServiceStatePtr state;
        // A name twice in one table (the validator forbids it) gets its own state each time.
        if (!next.contains(service.name)) {
            const auto previous = m_states.find(service.name);
            if (previous != m_states.end() && sameEndpoints(*previous->second, service))
                state = previous->second;
            else
                state =
                    rebuild(service, previous != m_states.end() ? previous->second.get() : nullptr);
            next.emplace(service.name, state);
        } else {
            state = rebuild(service, nullptr);
        }
        result.push_back(std::move(state));
    }
    m_states = std::move(next);
    return result;
}

std::vector<ServiceStatePtr> ServiceStateRegistry::update(const RoutingTable &table) {
    return update(table.services());
}

ServiceStatePtr ServiceStateRegistry::find(const std::string &serviceName) const {
    const auto found = m_states.find(serviceName);
    return found != m_states.end() ? found->second : nullptr;
}

} // namespace ingress::proxy
