// ProxyConnection: host and route policies (docs/proxy.md, "Policies").
#include "proxy/balancing/hashing.h"
#include "proxy/policy/forwardedclient.h"
#include "proxy/proxyconnection.h"
#include "proxy/worker.h"

namespace ingress::proxy {

void ProxyConnection::learnRequestClient() {
    m_requestClient = m_peer;
    if (m_collect)
        m_log.clientAddress = QString::fromStdString(m_clientIp);
    const auto &trusted = m_tables->table().listeners()[std::size_t(m_listener)].trustedProxies;
    if (trusted.empty() || !std::any_of(trusted.begin(), trusted.end(), [&](const IpBlock &b) {
            return b.contains(m_peer.address);
        }))
        return;
    if (const std::optional<ForwardedClient> client = forwardedClient(m_request, trusted)) {
        m_requestClient = {client->address, hashBytes(client->text)};
        if (m_collect)
            m_log.clientAddress =
                QString::fromLatin1(client->text.data(), qsizetype(client->text.size()));
    }
}

bool ProxyConnection::answeredPreflight(const CompiledRoute &route) {
    if (route.policy < 0)
        return false;
    const CompiledPolicy &policy = m_tables->table().policies()[std::size_t(route.policy)];
    if (!policy.cors && policy.securityHeaders.empty() && policy.hsts.empty())
        return false;
    bool tls = false;
    if (!policy.hsts.empty())
        if (const ConnectionWrapper *wrapper = m_tables->wrapper(m_listener))
            tls = std::string_view(wrapper->scheme()) == "https";
    m_fields.prepare(&policy, m_request, tls);
    if (!m_fields.preflight())
        return false;
    // Answered here, before the limits, the access list and the password: in the access log,
    // a 204 of the route with no service.
    answerDirect(204, QByteArray());
    return true;
}

bool ProxyConnection::passesPolicy(const CompiledRoute &route) {
    if (route.policy < 0)
        return true;
    const CompiledPolicy &policy = m_tables->table().policies()[std::size_t(route.policy)];
    m_policy.run(policy, m_tables->policyState(route.policy), m_tables->credentials(route.policy),
                 m_requestClient, m_request, nowUs());
    if (m_collect && !m_policy.user().empty())
        m_log.user = QByteArray::fromStdString(m_policy.user());
    if (m_policy.denial() == PolicyDenial::None)
        return true;
    if (m_collect) {
        m_log.deniedBy = QString::fromLatin1(denialName(m_policy.denial()));
        m_log.policyOrigin = QString::fromStdString(policy.origin);
    }
    answerLocally(m_policy.status(), false, m_policy.headers());
    return false;
}

} // namespace ingress::proxy
