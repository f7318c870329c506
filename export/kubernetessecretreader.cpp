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

} // namespace ingress::kubeimport
