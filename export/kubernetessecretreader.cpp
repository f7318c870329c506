#include "kubernetessecretreader.h"

#include <utility>

namespace ingress::kubeimport {

Certificate certificateForSecret(const QString &name, SourceLocation where) {
    return Certificate{name,
                       QStringLiteral("certs/%1.crt").arg(name),
                       QStringLiteral("certs/%1.key").arg(name),
                       {where, {}},
                       {}};
}

void readSecret(ImportSession &session, const YAML::Node &doc) {
    const QString name = session.scalar(doc["metadata"], "name", true);
    const QString type = session.scalar(doc, "type");
    if (type != u"kubernetes.io/tls") {
        session.note(doc, QStringLiteral("Secret '%1' of type '%2' is not a TLS secret; skipped")
                              .arg(name, type));
        return;
    }
    session.tlsSecrets.insert(name);
    const Certificate cert = certificateForSecret(name, at(doc));
    for (const auto &[key, path] :
         {std::pair{"tls.crt", cert.certificate}, std::pair{"tls.key", cert.privateKey}}) {
        const QString data = session.scalar(doc["data"], key);
        if (!data.isEmpty())
            session.files.insert(path, QByteArray::fromBase64(data.toLatin1()));
    }
    if (!session.topology.findCertificate(name))
        session.topology.certificates << cert;
}

void dropMissingSecrets(ImportSession &session) {
    Topology &topology = session.topology;
    for (qsizetype i = topology.certificates.size() - 1; i >= 0; --i) {
        const QString name = topology.certificates[i].name;
        if (session.tlsSecrets.contains(name))
            continue;
        QStringList hosts;
        for (VirtualHost &host : topology.hosts)
            if (host.tls == name) {
                host.tls.clear();
                hosts << host.host;
            }
        const auto [file, where] = session.secretRefs.value(name);
        session.diagnostics << Diagnostic{
            Severity::Warning, QStringLiteral("import-tls"),
            QStringLiteral("TLS Secret '%1' is not in the input (as a kubernetes.io/tls Secret); "
                           "%2 imported without TLS: add the Secret's manifest to the input, or "
                           "set 'tls' later")
                .arg(name, hosts.isEmpty() ? QStringLiteral("no host")
                                           : QStringLiteral("host %1").arg(hosts.join(u", "))),
            file, where};
        topology.certificates.removeAt(i);
    }
}

} // namespace ingress::kubeimport
