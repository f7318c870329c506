#pragma once

#include "model/routing/routingtable.h"
#include "model/topology/diagnostic.h"
#include "model/validation/validator.h"
#include "proxy/connectionwrapper.h"

#include <QStringList>

namespace ingress::proxy {

class ProxyEngine;

// The steps between a topology and a running engine, the same for `ingress-studio-cli serve`
// and the app's Run: validate, compile the routing snapshot, read the private keys and build
// the TLS contexts. Prepared on the thread that owns the keychain connection (the engine's
// workers never ask the keychain), then applied on the engine's thread.
class ServePreparation {
public:
    // `context` says which checks validation makes (files, htpasswd, the keychain); `caFolder`
    // holds the development CA that issues stand-ins for certificates the cluster holds.
    static ServePreparation prepare(const Topology &topology, const ValidationContext &context,
                                    const QString &caFolder);

    // Validation found no errors: there is a snapshot to serve.
    bool ok() const { return m_table != nullptr; }
    // Validation's errors and warnings, in its order.
    const Diagnostics &diagnostics() const { return m_diagnostics; }
    // Certificates that could not be loaded; the listeners of the others are served.
    const QStringList &tlsProblems() const { return m_tlsProblems; }
    const RoutingTablePtr &table() const { return m_table; }

    // Starts `engine` on the snapshot, or reloads it (in-flight requests finish on the old
    // one). False when nothing could be started; listeners that failed go to `errors`.
    bool applyTo(ProxyEngine &engine, bool reload, QStringList *errors) const;

private:
    Diagnostics m_diagnostics;
    QStringList m_tlsProblems;
    RoutingTablePtr m_table;
    ConnectionWrapperFactory m_httpsWrapper; // empty when nothing is served over TLS
};

} // namespace ingress::proxy
