#pragma once

#include "proxy/balancing/endpointstate.h"

#include <map>
#include <string>
#include <vector>

namespace ingress {
struct CompiledService;
class RoutingTable;
} // namespace ingress

namespace ingress::proxy {

// The live endpoint state of every service across reloads. On each reload the engine asks for
// the states of the new table's services (index-aligned with RoutingTable::services()):
//  - a service whose endpoint addresses are unchanged, in the same order, keeps its very
//    ServiceState object, so counts, health and ejections carry over untouched and workers
//    still on the old table share it with those on the new one;
//  - a service whose endpoints changed gets a new ServiceState in which every address that
//    survives (matched by service name + address) inherits health and ejection state. Active
//    request counts start at zero there: requests in flight finish on the old object and
//    decrement it, so copying them would leave counts that never drain.
// Used by the engine's reload path only (one thread); the states themselves are shared.
class ServiceStateRegistry {
public:
    std::vector<ServiceStatePtr> update(const std::vector<CompiledService> &services);
    std::vector<ServiceStatePtr> update(const RoutingTable &table);

    // The current state of a service by name, or null.
    ServiceStatePtr find(const std::string &serviceName) const;

private:
    std::map<std::string, ServiceStatePtr> m_states;
};

} // namespace ingress::proxy
