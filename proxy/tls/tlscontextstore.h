#pragma once

#include "model/routing/routingtable.h"
#include "proxy/connectionwrapper.h"
#include "proxy/tls/tlslistenercontext.h"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <QByteArray>
#include <QStringList>

namespace ingress::proxy {

// Loads every certificate of a RoutingTable (chain + key, key checked against the leaf) and
// builds the SNI context of each HTTPS listener. Runs on the main thread before a reload:
// keys may come from the OS keychain, which the engine must not call from its workers.
class TlsContextStore {
public:
    // Returns the PEM key of a certificate whose key is in the keychain, or nothing with
    // `error` set. Injected so the engine does not depend on the keychain library.
    using KeyProvider =
        std::function<std::optional<QByteArray>(const CompiledCertificate &, QString *error)>;

    // A certificate and key (PEM) to present for a certificate the cluster holds
    // (CompiledCertificate::inCluster), or nothing with `error` set. See developmentIssuer().
    struct PemPair {
        QByteArray chain;
        QByteArray key;
    };
    using ClusterIssuer =
        std::function<std::optional<PemPair>(const CompiledCertificate &, QString *error)>;

    // Problems ("certificate 'shop': the private key does not match ...") go to `errors`;
    // a listener whose certificates all failed gets no context and refuses connections.
    static std::shared_ptr<const TlsContextStore> build(const RoutingTable &table,
                                                        const KeyProvider &keys,
                                                        QStringList *errors,
                                                        const ClusterIssuer &issuer = {});

    // Issues stand-ins for certificates the cluster holds from the development CA in
    // `caFolder` (`cert new-ca`), for the hosts that present them, kept in memory only. The CA
    // is read on first use; a missing one is an error that says how to make it.
    static ClusterIssuer developmentIssuer(const QString &caFolder);

    TlsListenerContextPtr listener(int index) const;

    // The factory the engine's EngineConfig::httpsWrapper takes.
    static ConnectionWrapperFactory
    wrapperFactory(std::shared_ptr<const TlsContextStore> store,
                   std::chrono::milliseconds handshakeTimeout = std::chrono::seconds(10));

private:
    std::map<int, TlsListenerContextPtr> m_listeners;
};

} // namespace ingress::proxy
