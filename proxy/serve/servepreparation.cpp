#include "proxy/serve/servepreparation.h"

#include "keystore/keystore.h"
#include "proxy/proxyengine.h"
#include "proxy/tls/tlscontextstore.h"

namespace ingress::proxy {

ServePreparation ServePreparation::prepare(const Topology &topology,
                                           const ValidationContext &context,
                                           const QString &caFolder) {
    ServePreparation prepared;
    prepared.m_diagnostics = Validator::validate(topology, context);
    if (hasErrors(prepared.m_diagnostics))
        return prepared;
    prepared.m_table = RoutingTable::compile(topology);
    if (prepared.m_table->certificates().empty())
        return prepared;
    // A short timeout: a keychain waiting on a hidden unlock prompt must not freeze the
    // window or the command.
    const keystore::KeyStore keys(keystore::KeyStore::defaultService, std::chrono::seconds(5));
    const auto store = TlsContextStore::build(
        *prepared.m_table,
        [&keys](const CompiledCertificate &certificate, QString *error) {
            return keys.readKey(QString::fromStdString(certificate.name), error);
        },
        &prepared.m_tlsProblems, TlsContextStore::developmentIssuer(caFolder));
    prepared.m_httpsWrapper = TlsContextStore::wrapperFactory(store);
    return prepared;
}

bool ServePreparation::applyTo(ProxyEngine &engine, bool reload, QStringList *errors) const {
    if (!ok())
        return false;
    if (m_httpsWrapper)
        engine.setHttpsWrapperFactory(m_httpsWrapper);
    return reload ? engine.reload(m_table, errors) : engine.start(m_table, errors);
}

} // namespace ingress::proxy
