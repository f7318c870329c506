#include "proxy/balancing/loadbalancer.h"

#include "model/routing/routingtable.h"
#include "proxy/balancing/iphashbalancer.h"
#include "proxy/balancing/leastconnectionsbalancer.h"
#include "proxy/balancing/randombalancer.h"
#include "proxy/balancing/roundrobinbalancer.h"

namespace ingress::proxy {

std::unique_ptr<LoadBalancer> makeLoadBalancer(const CompiledService &service,
                                               ServiceStatePtr state) {
    switch (service.policy) {
    case LoadBalancing::RoundRobin:
        break;
    case LoadBalancing::LeastConnections:
        return std::make_unique<LeastConnectionsBalancer>(service, std::move(state));
    case LoadBalancing::IPHash:
        return std::make_unique<IpHashBalancer>(service, std::move(state));
    case LoadBalancing::Random:
        return std::make_unique<RandomBalancer>(service, std::move(state));
    }
    return std::make_unique<RoundRobinBalancer>(service, std::move(state));
}

} // namespace ingress::proxy
