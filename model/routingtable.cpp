#include "routingtable.h"

namespace ingress {

std::shared_ptr<const RoutingTable> RoutingTable::compile(const Topology &) {
    return std::make_shared<const RoutingTable>();
}

RouteMatch RoutingTable::match(const RequestInfo &, MatchTrace *) const { return {}; }

const CompiledService *RoutingTable::defaultService() const { return nullptr; }

const CompiledHost *RoutingTable::findHost(std::string_view, int) const { return nullptr; }

const CompiledService *RoutingTable::findService(std::string_view) const { return nullptr; }

std::string RoutingTable::normaliseHost(std::string_view hostHeader) {
    return std::string(hostHeader);
}

bool CompiledHost::onListener(int) const { return true; }

} // namespace ingress
