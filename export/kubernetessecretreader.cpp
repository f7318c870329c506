#include "export/kubernetessecretreader.h"

#include "model/certs/htpasswdfile.h"

#include <algorithm>
#include <QSet>
#include <string_view>
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
    const YAML::Node metadata = doc["metadata"];
    const QString name = session.scalar(metadata, "name", true);
    const QString type = session.scalar(doc, "type");
    if (type != u"kubernetes.io/tls") {
        ImportSession::OtherSecret secret{type, {}, session.file, at(doc)};
        // Kubernetes lays stringData (plain text) over data (base64).
        for (const char *field : {"data", "stringData"}) {
            const YAML::Node data = doc[field];
            if (!data || !data.IsMap())
                continue;
            for (auto it = data.begin(); it != data.end(); ++it)
                if (it->first.IsScalar() && it->second.IsScalar()) {
                    const QByteArray value = QByteArray::fromStdString(it->second.Scalar());
                    secret.data.insert(q(it->first.Scalar()), field == std::string_view("data")
                                                                  ? QByteArray::fromBase64(value)
                                                                  : value);
                }
        }
        const QString nameSpace = ImportSession::namespaceOf(session.scalar(metadata, "namespace"));
        session.otherSecrets.insert(nameSpace + u'/' + name, secret);
        return;
    }
    if (!isObjectName(name)) {
        session.error(metadata["name"],
                      QStringLiteral("Secret name '%1' is not a Kubernetes object name; its "
                                     "certificate files would be written outside certs/: skipped")
                          .arg(name));
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

namespace {

// "NAME" for the default namespace, else "NAMESPACE/NAME".
QString shownName(const QString &key) {
    return key.startsWith(u'/') ? key.mid(1) : key;
}

} // namespace

QString htpasswdFileFor(ImportSession &session, const QString &nameSpace, const QString &name,
                        bool authMap, const YAML::Node &where) {
    const QString secret = nameSpace + u'/' + name;
    const auto &requests = session.htpasswdRequests;
    QString path;
    for (const ImportSession::HtpasswdRequest &request : requests)
        if (request.secret == secret && request.authMap == authMap)
            path = request.path;
    // Secrets of one name in two namespaces (or one read both ways) get a file each.
    for (int n = 1; path.isEmpty(); ++n) {
        const QString candidate = n == 1 ? QStringLiteral("certs/%1.htpasswd").arg(name)
                                         : QStringLiteral("certs/%1-%2.htpasswd").arg(name).arg(n);
        if (std::none_of(requests.begin(), requests.end(),
                         [&](const auto &request) { return request.path == candidate; }))
            path = candidate;
    }
    session.htpasswdRequests << ImportSession::HtpasswdRequest{secret, authMap, path, session.file,
                                                               at(where)};
    return path;
}

void writeHtpasswdFiles(ImportSession &session) {
    const auto report = [&](const QString &message, const QString &file, SourceLocation where) {
        session.diagnostics << Diagnostic{Severity::Warning, QStringLiteral("import-auth"), message,
                                          file, where};
    };
    QSet<QString> named, written;
    for (const ImportSession::HtpasswdRequest &request : std::as_const(session.htpasswdRequests)) {
        named.insert(request.secret);
        const auto secret = session.otherSecrets.constFind(request.secret);
        const QString shown = shownName(request.secret);
        if (secret == session.otherSecrets.cend()) {
            const QString nameSpace = request.secret.section(u'/', 0, 0);
            const QString kubectl =
                QStringLiteral("kubectl get secret %1%2 -o "
                               "jsonpath='{.data.auth}' | base64 -d")
                    .arg(request.secret.section(u'/', 1),
                         nameSpace.isEmpty() ? QString() : QStringLiteral(" -n ") + nameSpace);
            report(QStringLiteral("auth-secret: Secret '%1' is not in the input; basic auth reads "
                                  "%2, which the import cannot write: put %3 there")
                       .arg(shown, request.path,
                            request.authMap
                                ? QStringLiteral("a 'user:hash' line for each key of the Secret")
                                : QStringLiteral("the Secret's 'auth' key (%1)").arg(kubectl)),
                   request.file, request.where);
            continue;
        }
        if (written.contains(request.path))
            continue;
        written.insert(request.path);
        QByteArray content;
        if (request.authMap) {
            for (auto it = secret->data.cbegin(); it != secret->data.cend(); ++it)
                content += it.key().toUtf8() + ':' + it.value().trimmed() + '\n';
        } else {
            content = secret->data.value(QStringLiteral("auth"));
        }
        if (content.trimmed().isEmpty()) {
            report(QStringLiteral("Secret '%1' holds no users for basic auth (%2); %3 is not "
                                  "written")
                       .arg(shown,
                            request.authMap ? QStringLiteral("auth-secret-type auth-map: a key "
                                                             "per user")
                                            : QStringLiteral("auth-secret-type auth-file: the "
                                                             "htpasswd lines in its 'auth' key"),
                            request.path),
                   secret->file, secret->where);
            continue;
        }
        if (!content.endsWith('\n'))
            content += '\n';
        session.files.insert(request.path, content);
        if (const HtpasswdFile users = HtpasswdFile::parse(content); !users.ok())
            report(QStringLiteral("Secret '%1' written to %2, which basic auth cannot use: %3")
                       .arg(shown, request.path, users.error),
                   secret->file, secret->where);
    }
    for (auto it = session.otherSecrets.cbegin(); it != session.otherSecrets.cend(); ++it)
        if (!named.contains(it.key()))
            session.diagnostics << Diagnostic{
                Severity::Info, QStringLiteral("import"),
                QStringLiteral("Secret '%1' of type '%2' is not a TLS secret, and no auth-secret "
                               "annotation names it; skipped")
                    .arg(it.key().section(u'/', 1), it->type),
                it->file, it->where};
}

} // namespace ingress::kubeimport
