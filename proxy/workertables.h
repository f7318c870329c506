#pragma once

#include "model/routing/routingtable.h"
#include "proxy/balancing/endpointstate.h"
#include "proxy/balancing/loadbalancer.h"
#include "proxy/connectionwrapper.h"
#include "proxy/policy/credentialcheck.h"
#include "proxy/policy/policystate.h"

#include <chrono>
#include <memory>
#include <vector>

namespace ingress::proxy {

// What the engine hands every worker on start and on each reload: the immutable table and the
// shared live endpoint states, index-aligned with table->services().
struct EngineConfig {
    RoutingTablePtr table;
    std::vector<ServiceStatePtr> serviceStates;
    std::vector<PolicyState> policyStates; // index-aligned with table->policies()
    ConnectionWrapperFactory httpsWrapper; // null: HTTPS listeners are refused
};
using EngineConfigPtr = std::shared_ptr<const EngineConfig>;

// One worker's view of one EngineConfig: its own balancers (unsynchronised state such as smooth
// WRR weights) and connection wrappers. Requests in flight hold a shared_ptr to the generation
// they were routed with, so a reload never pulls a table from under them.
class WorkerTables {
public:
    // `proxyHeaderTimeout`: how long a `proxyProtocol` listener waits for a connection's
    // PROXY header.
    explicit WorkerTables(EngineConfigPtr config,
                          std::chrono::milliseconds proxyHeaderTimeout = std::chrono::seconds(5));

    const RoutingTable &table() const { return *m_config->table; }
    const EngineConfig &config() const { return *m_config; }
    LoadBalancer *balancer(int service) const { return m_balancers[std::size_t(service)].get(); }
    ServiceState *serviceState(int service) const {
        return m_config->serviceStates[std::size_t(service)].get();
    }
    // Null when the listener's protocol has no wrapper (HTTPS without the TLS module).
    ConnectionWrapper *wrapper(int listener) const {
        return m_wrappers[std::size_t(listener)].get();
    }
    int listenerIndex(const std::string &name) const;
    const PolicyState &policyState(int policy) const {
        return m_config->policyStates[std::size_t(policy)];
    }
    // This worker's cache of accepted credentials for a policy's basic auth.
    CredentialCheck &credentials(int policy) const { return *m_credentials[std::size_t(policy)]; }

private:
    EngineConfigPtr m_config;
    std::vector<std::unique_ptr<LoadBalancer>> m_balancers;
    std::vector<std::unique_ptr<ConnectionWrapper>> m_wrappers;
    std::vector<std::unique_ptr<CredentialCheck>> m_credentials;
};
using WorkerTablesPtr = std::shared_ptr<const WorkerTables>;

} // namespace ingress::proxy
