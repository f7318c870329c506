#include "export/kubernetessecretreader.h"

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

void holdMissingSecretsInCluster(ImportSession &session) {
    Topology &topology = session.topology;
    for (Certificate &certificate : topology.certificates) {
        const QString name = certificate.name;
        if (session.tlsSecrets.contains(name))
            continue;
        // The cluster has it; the topology says so instead of naming files that do not exist,
        // so the result validates, exports (referring to the Secret) and serves (a development
        // certificate stands in).
        certificate.certificate.clear();
        certificate.privateKey = Certificate::keychain;
        const QString nameSpace = session.secretNamespaces.value(name);
        certificate.secret =
            nameSpace.isEmpty() ? name : QStringLiteral("%1/%2").arg(nameSpace, name);
        QStringList hosts;
        for (const VirtualHost &host : topology.hosts)
            if (host.tls == name)
                hosts << host.host;
        const auto [file, where] = session.secretRefs.value(name);
        session.diagnostics << Diagnostic{
            Severity::Warning, QStringLiteral("import-tls"),
            QStringLiteral("TLS Secret '%1' is not in the input (as a kubernetes.io/tls Secret): "
                           "imported as a certificate the cluster holds ('secret: %1'); exports "
                           "refer to the Secret%2")
                .arg(certificate.secret,
                     hosts.isEmpty() ? QStringLiteral(" (no host uses it)")
                                     : QStringLiteral(", and serving here presents a development "
                                                      "certificate for %1")
                                           .arg(hosts.join(u", "))),
            file, where};
    }
}

} // namespace ingress::kubeimport
