#include "export/kubernetespolicy.h"

#include "export/exportsupport.h"
#include "export/kubernetesobjects.h"

#include <QFile>
#include <QFileInfo>

namespace ingress::kubernetes {

using exportpolicy::Part;
using exportpolicy::RoutePolicy;

namespace {

constexpr const char *kPrefix = "nginx.ingress.kubernetes.io/";

QString annotation(const char *name) {
    return QString::fromLatin1(kPrefix) + QString::fromLatin1(name);
}

} // namespace

void PolicyAnnotations::add(const RoutePolicy &policy, const QString &nameSpace,
                            QMap<QString, QString> &annotations) {
    if (m_options.annotationProfile != AnnotationProfile::IngressNginx) {
        exportpolicy::reportEachPart(m_result.warnings, policy,
                                     QStringLiteral("policies are exported as ingress-nginx "
                                                    "annotations only, not this controller's; %1 "
                                                    "is not exported"));
        return;
    }
    const Policy &p = policy.policy;
    QStringList scopes;
    if (p.connectionLimit) {
        annotations.insert(annotation("limit-connections"), QString::number(*p.connectionLimit));
        scopes << QStringLiteral("connections ") + policy.connectionScope;
        exportpolicy::reportPart(m_result.warnings, policy, Part::ConnectionLimit,
                                 QStringLiteral("ingress-nginx answers 503 to requests over the "
                                                "limit unless its ConfigMap sets "
                                                "limit-conn-status-code: \"429\""));
    }
    if (p.rateLimit) {
        const RateLimit &limit = *p.rateLimit;
        const bool perMinute = limit.per == RateUnit::Minute;
        annotations.insert(annotation(perMinute ? "limit-rpm" : "limit-rps"),
                           QString::number(limit.requests));
        // ingress-nginx's burst is the rate times a whole multiplier (at least 1).
        const int multiplier = std::max(
            1, int(std::lround(double(limit.burst) / double(std::max(1, limit.requests)))));
        annotations.insert(annotation("limit-burst-multiplier"), QString::number(multiplier));
        if (qint64(multiplier) * limit.requests != limit.burst)
            exportpolicy::reportPart(m_result.warnings, policy, Part::RateLimit,
                                     QStringLiteral("ingress-nginx's burst is the rate times "
                                                    "limit-burst-multiplier (at least 1): burst "
                                                    "%1 is exported as %2")
                                         .arg(limit.burst)
                                         .arg(qint64(multiplier) * limit.requests));
        if (!limit.header.trimmed().isEmpty())
            exportpolicy::reportPart(m_result.warnings, policy, Part::RateLimit,
                                     QStringLiteral("ingress-nginx limits per client address "
                                                    "only; counting per %1 header is not "
                                                    "exported")
                                         .arg(limit.header.trimmed()));
        exportpolicy::reportPart(m_result.warnings, policy, Part::RateLimit,
                                 QStringLiteral("ingress-nginx answers 503 to requests over the "
                                                "limit unless its ConfigMap sets "
                                                "limit-req-status-code: \"429\""));
        scopes << QStringLiteral("rate ") + policy.rateScope;
    }
    if (!scopes.isEmpty())
        annotations.insert(scopeAnnotation, scopes.join(QStringLiteral(", ")));
    if (!policy.deny.empty())
        annotations.insert(annotation("denylist-source-range"),
                           exportpolicy::cidrTexts(policy.deny).join(u','));
    if (!policy.allow.empty())
        annotations.insert(annotation("whitelist-source-range"),
                           exportpolicy::cidrTexts(policy.allow).join(u','));
    if (p.basicAuth) {
        annotations.insert(annotation("auth-type"), QStringLiteral("basic"));
        annotations.insert(annotation("auth-secret"), secretFor(policy, nameSpace));
        annotations.insert(annotation("auth-realm"), policy.realm);
    }
    if (policy.externalAuth)
        addExternalAuth(policy, annotations);
    addBrowserParts(policy, annotations);
}

void PolicyAnnotations::addExternalAuth(const RoutePolicy &policy,
                                        QMap<QString, QString> &annotations) {
    const exportpolicy::AuthRequest &auth = *policy.externalAuth;
    if (!auth.service) {
        exportpolicy::reportPart(
            m_result.warnings, policy, Part::ExternalAuth,
            QStringLiteral("no service '%1'; external auth is not exported").arg(auth.serviceName));
        return;
    }
    // The Service the export writes, by its cluster DNS name (ingress-nginx asks it from the
    // controller's pod, in whatever namespace that runs).
    annotations.insert(annotation("auth-url"),
                       QStringLiteral("http://%1.%2.svc.cluster.local:%3%4")
                           .arg(objectName(auth.service->name), auth.service->effectiveNamespace())
                           .arg(auth.service->port)
                           .arg(auth.path));
    if (!auth.responseHeaders.isEmpty())
        annotations.insert(annotation("auth-response-headers"), auth.responseHeaders.join(u','));
    // ingress-nginx adds rd=<the request's URL, percent-encoded> itself.
    if (!auth.signIn.isEmpty())
        annotations.insert(annotation("auth-signin"), auth.signIn);
    exportpolicy::reportPart(m_result.warnings, policy, Part::ExternalAuth,
                             QStringLiteral("ingress-nginx answers a 401 or 403 of the auth "
                                            "service with its own page (only WWW-Authenticate is "
                                            "passed on) and any other answer but 2xx with 500; "
                                            "the engine returns the auth service's answer as it "
                                            "came"));
}

void PolicyAnnotations::addBrowserParts(const RoutePolicy &policy,
                                        QMap<QString, QString> &annotations) {
    if (policy.cors && !exportpolicy::corsOriginRegex(*policy.cors).isEmpty()) {
        // ingress-nginx's own CORS (its defaults are the engine's, but for credentials): a
        // preflight from an allowed origin answered with 204 in the rewrite phase, the fields
        // set on other answers to it, other origins left alone.
        const CompiledCors &cors = *policy.cors;
        annotations.insert(annotation("enable-cors"), QStringLiteral("true"));
        annotations.insert(annotation("cors-allow-origin"),
                           cors.anyOrigin ? QStringLiteral("*")
                                          : policy.policy.cors->allowOrigins.join(u','));
        annotations.insert(annotation("cors-allow-methods"), QString::fromStdString(cors.methods));
        annotations.insert(annotation("cors-allow-headers"), QString::fromStdString(cors.headers));
        if (!cors.expose.empty())
            annotations.insert(annotation("cors-expose-headers"),
                               QString::fromStdString(cors.expose));
        // Always written: ingress-nginx allows credentials unless told not to.
        annotations.insert(annotation("cors-allow-credentials"),
                           cors.credentials ? QStringLiteral("true") : QStringLiteral("false"));
        annotations.insert(annotation("cors-max-age"), QString::fromStdString(cors.maxAge));
        if (!cors.wildcards.empty())
            exportpolicy::reportPart(m_result.warnings, policy, Part::Cors,
                                     QStringLiteral("ingress-nginx's '*' in an origin stands for "
                                                    "one label (https://*.example.com does not "
                                                    "allow https://a.b.example.com); the engine's "
                                                    "for one or more"));
    }
    if (policy.has(Part::SecurityHeaders) &&
        (!policy.securityHeaders.isEmpty() || !policy.hsts.isEmpty())) {
        QStringList fields;
        for (const auto &[name, value] : policy.securityHeaders)
            fields << QStringLiteral("%1: %2").arg(name, value);
        QString message =
            QStringLiteral("ingress-nginx has no annotation for security headers (only "
                           "configuration snippets, off by default); not exported. Its "
                           "ConfigMap sets them for the whole controller: ");
        QStringList keys;
        if (const auto &hsts = policy.policy.securityHeaders->hsts)
            keys << QStringLiteral("hsts: \"true\", hsts-max-age: \"%1\", "
                                   "hsts-include-subdomains: \"%2\", hsts-preload: \"%3\"")
                        .arg(hsts->maxAge)
                        .arg(hsts->includeSubdomains ? QStringLiteral("true")
                                                     : QStringLiteral("false"))
                        .arg(hsts->preload ? QStringLiteral("true") : QStringLiteral("false"));
        if (!fields.isEmpty())
            keys << QStringLiteral("add-headers naming a ConfigMap with %1")
                        .arg(fields.join(QStringLiteral(", ")));
        exportpolicy::reportPart(m_result.warnings, policy, Part::SecurityHeaders,
                                 message + keys.join(QStringLiteral("; ")));
    }
}

QString PolicyAnnotations::secretFor(const RoutePolicy &policy, const QString &nameSpace) {
    for (const AuthSecret &secret : m_secrets)
        if (secret.path == policy.htpasswdPath && secret.nameSpace == nameSpace)
            return secret.name;
    // One Secret per file, named after it (the same name in every namespace that needs it).
    QString name;
    for (const AuthSecret &secret : m_secrets)
        if (secret.path == policy.htpasswdPath)
            name = secret.name;
    if (name.isEmpty()) {
        const QString base = objectName(QStringLiteral("basic-auth-") +
                                        QFileInfo(policy.htpasswdPath).completeBaseName());
        name = base;
        for (int n = 2;; ++n) {
            const bool taken = std::any_of(m_secrets.begin(), m_secrets.end(),
                                           [&](const AuthSecret &s) { return s.name == name; });
            if (!taken)
                break;
            name = QStringLiteral("%1-%2").arg(base).arg(n);
        }
    }
    m_secrets << AuthSecret{name, nameSpace, policy.htpasswdPath};
    const exportpolicy::HtpasswdUsers users = exportpolicy::readHtpasswd(policy.htpasswdPath);
    if (!users.error.isEmpty())
        exportpolicy::reportPart(
            m_result.warnings, policy, Part::BasicAuth,
            QStringLiteral("%1; Secret %2 is written without data").arg(users.error, name));
    else if (!m_options.includeSecrets)
        exportpolicy::reportPart(m_result.warnings, policy, Part::BasicAuth,
                                 QStringLiteral("Secret %1 is written without the htpasswd file; "
                                                "use --include-secrets or create it with "
                                                "'kubectl create secret generic %1 "
                                                "--from-file=auth=%2'")
                                     .arg(name, policy.htpasswdPath));
    return name;
}

void PolicyAnnotations::writeSecrets(YAML::Emitter &out) {
    for (const AuthSecret &secret : m_secrets) {
        QByteArray data;
        if (m_options.includeSecrets && exportpolicy::readHtpasswd(secret.path).error.isEmpty()) {
            QFile file(secret.path);
            if (file.open(QIODevice::ReadOnly))
                data = file.readAll();
        }
        out << YAML::BeginDoc << YAML::BeginMap;
        out << YAML::Key << "apiVersion" << YAML::Value << "v1";
        out << YAML::Key << "kind" << YAML::Value << "Secret";
        metadata(out, secret.name, secret.nameSpace);
        out << YAML::Key << "type" << YAML::Value << "Opaque";
        out << YAML::Key << "data" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "auth" << YAML::Value << data.toBase64().toStdString();
        out << YAML::EndMap << YAML::EndMap;
        m_result.mainTextHasSecrets |= !data.isEmpty();
    }
}

void PolicyAnnotations::reportTrustedProxies(const Topology &topology,
                                             QList<ExportWarning> &warnings) {
    for (const Listener &listener : topology.listeners)
        if (!listener.trustedProxies.isEmpty())
            warnings << exportsupport::warnAt(
                QStringLiteral("listener %1").arg(listener.name),
                listener.src.at(QStringLiteral("trustedProxies")),
                QStringLiteral("trusted proxies are the ingress controller's ConfigMap, not an "
                               "Ingress's (ingress-nginx: use-forwarded-headers: \"true\", "
                               "proxy-real-ip-cidr: \"%1\"); not exported")
                    .arg(listener.trustedProxies.join(u',')));
    for (const Listener &listener : topology.listeners)
        if (listener.proxyProtocol)
            warnings << exportsupport::warnAt(
                QStringLiteral("listener %1").arg(listener.name),
                listener.src.at(QStringLiteral("proxyProtocol")),
                QStringLiteral("the PROXY protocol is the ingress controller's ConfigMap, not an "
                               "Ingress's (ingress-nginx: use-proxy-protocol: \"true\"); not "
                               "exported"));
}

} // namespace ingress::kubernetes
