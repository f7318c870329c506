#include "proxy/workertables.h"

#include "proxy/proxyprotocol/proxyprotocolwrapper.h"

namespace ingress::proxy {

WorkerTables::WorkerTables(EngineConfigPtr config, std::chrono::milliseconds proxyHeaderTimeout)
    : m_config(std::move(config)) {
    const RoutingTable &t = *m_config->table;
    m_balancers.reserve(t.services().size());
    for (std::size_t i = 0; i < t.services().size(); ++i)
        m_balancers.push_back(makeLoadBalancer(t.services()[i], m_config->serviceStates[i]));
    m_wrappers.reserve(t.listeners().size());
    for (const CompiledListener &l : t.listeners()) {
        std::unique_ptr<ConnectionWrapper> wrapper;
        if (l.protocol == Protocol::Http)
            wrapper = std::make_unique<PlainConnectionWrapper>();
        else if (m_config->httpsWrapper)
            wrapper = m_config->httpsWrapper(t, l);
        // The PROXY header comes first, before the TLS ClientHello on an HTTPS listener.
        if (wrapper && l.proxyProtocol)
            wrapper =
                std::make_unique<ProxyProtocolWrapper>(std::move(wrapper), proxyHeaderTimeout);
        m_wrappers.push_back(std::move(wrapper));
    }
    m_credentials.reserve(t.policies().size());
    for (std::size_t i = 0; i < t.policies().size(); ++i)
        m_credentials.push_back(std::make_unique<CredentialCheck>());
}

int WorkerTables::listenerIndex(const std::string &name) const {
    for (const CompiledListener &l : table().listeners()) {
        if (l.name == name)
            return l.index;
    }
    return -1;
}

} // namespace ingress::proxy
