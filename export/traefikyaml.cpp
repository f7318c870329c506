// TraefikBuilder's other part: the collected routers, middlewares and services, the services'
// transports and the certificates, written as Traefik's dynamic YAML.
#include "export/stickyexport.h"
#include "export/traefikbuilder.h"
#include "export/yamlemit.h"

#include <QDir>

namespace ingress {

using namespace exportsupport;

namespace {

std::string s(const QString &text) {
    return text.toStdString();
}

QString goDuration(Duration duration) {
    return QStringLiteral("%1ms").arg(duration.count());
}

} // namespace

void TraefikBuilder::writeServices(YAML::Emitter &out) const {
    out << YAML::Key << "services" << YAML::Value << YAML::BeginMap;
    for (const Service &service : m_topology.services) {
        out << YAML::Key << s(QStringLiteral("svc-") + identifier(service.name)) << YAML::Value
            << YAML::BeginMap << YAML::Key << "loadBalancer" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "servers" << YAML::Value << YAML::BeginSeq;
        for (const Endpoint &endpoint : service.endpoints)
            out << YAML::BeginMap << YAML::Key << "url" << YAML::Value
                << s(QStringLiteral("http://") + endpoint.address) << YAML::Key << "weight"
                << YAML::Value << endpoint.weight << YAML::EndMap;
        out << YAML::EndSeq;
        out << YAML::Key << "passHostHeader" << YAML::Value << true;
        if (const auto &sticky = service.stickySession) {
            out << YAML::Key << "sticky" << YAML::Value << YAML::BeginMap << YAML::Key << "cookie"
                << YAML::Value << YAML::BeginMap;
            out << YAML::Key << "name" << YAML::Value << s(sticky->cookie.trimmed());
            out << YAML::Key << "httpOnly" << YAML::Value << true;
            if (const auto age = stickyexport::maxAgeSeconds(*sticky))
                out << YAML::Key << "maxAge" << YAML::Value << *age;
            out << YAML::EndMap << YAML::EndMap;
        }
        if (const auto &hc = service.healthCheck) {
            out << YAML::Key << "healthCheck" << YAML::Value << YAML::BeginMap;
            out << YAML::Key << "path" << YAML::Value << s(hc->path);
            out << YAML::Key << "interval" << YAML::Value << s(goDuration(hc->interval));
            out << YAML::Key << "timeout" << YAML::Value << s(goDuration(hc->timeout));
            out << YAML::EndMap;
        }
        if (!service.timeouts.isEmpty())
            out << YAML::Key << "serversTransport" << YAML::Value
                << s(QStringLiteral("st-") + identifier(service.name));
        out << YAML::EndMap << YAML::EndMap;
    }
    for (const auto &[name, mirroring] : m_mirrors) {
        out << YAML::Key << s(name) << YAML::Value << YAML::BeginMap << YAML::Key << "mirroring"
            << YAML::Value << YAML::BeginMap << YAML::Key << "service" << YAML::Value
            << s(mirroring.first) << YAML::Key << "mirrors" << YAML::Value << YAML::BeginSeq;
        for (const auto &[service, percent] : mirroring.second)
            out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << s(service) << YAML::Key
                << "percent" << YAML::Value << percent << YAML::EndMap;
        out << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
    }
    for (const auto &[name, parts] : m_splits) {
        out << YAML::Key << s(name) << YAML::Value << YAML::BeginMap << YAML::Key << "weighted"
            << YAML::Value << YAML::BeginMap << YAML::Key << "services" << YAML::Value
            << YAML::BeginSeq;
        for (const auto &[service, weight] : parts)
            out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << s(service) << YAML::Key
                << "weight" << YAML::Value << weight << YAML::EndMap;
        out << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
    }
    out << YAML::EndMap;
}

QByteArray TraefikBuilder::text() const {
    YAML::Emitter out;
    out << YAML::BeginMap << YAML::Key << "http" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "routers" << YAML::Value << YAML::BeginMap;
    for (const Router &r : m_routers) {
        out << YAML::Key << s(r.name) << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "entryPoints" << YAML::Value << YAML::Flow << YAML::BeginSeq
            << s(r.entryPoint) << YAML::EndSeq;
        out << YAML::Key << "rule" << YAML::Value << s(r.rule);
        out << YAML::Key << "priority" << YAML::Value << r.priority;
        out << YAML::Key << "service" << YAML::Value << s(r.service);
        if (!r.middlewares.isEmpty()) {
            out << YAML::Key << "middlewares" << YAML::Value << YAML::BeginSeq;
            for (const QString &m : r.middlewares)
                out << s(m);
            out << YAML::EndSeq;
        }
        if (r.tls)
            out << YAML::Key << "tls" << YAML::Value << YAML::BeginMap << YAML::EndMap;
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
    if (!m_middlewares.empty()) {
        out << YAML::Key << "middlewares" << YAML::Value << YAML::BeginMap;
        for (const auto &[name, spec] : m_middlewares) {
            out << YAML::Key << s(name) << YAML::Value;
            // redirectScheme.port is a string to Traefik.
            yamlemit::emit(out, spec,
                           {"maxRequestBodyBytes", "permanent", "amount", "average", "burst",
                            "depth", "accessControlAllowCredentials", "accessControlMaxAge",
                            "addVaryHeader", "stsSeconds", "stsIncludeSubdomains", "stsPreload",
                            "contentTypeNosniff"});
        }
        out << YAML::EndMap;
    }
    writeServices(out);
    bool transports = false;
    for (const Service &service : m_topology.services) {
        const ServiceTimeouts &t = service.timeouts;
        if (t.isEmpty())
            continue;
        if (!transports) {
            out << YAML::Key << "serversTransports" << YAML::Value << YAML::BeginMap;
            transports = true;
        }
        out << YAML::Key << s(QStringLiteral("st-") + identifier(service.name)) << YAML::Value
            << YAML::BeginMap << YAML::Key << "forwardingTimeouts" << YAML::Value << YAML::BeginMap;
        if (t.connect)
            out << YAML::Key << "dialTimeout" << YAML::Value << s(goDuration(*t.connect));
        if (t.response)
            out << YAML::Key << "responseHeaderTimeout" << YAML::Value
                << s(goDuration(*t.response));
        if (t.idle)
            out << YAML::Key << "idleConnTimeout" << YAML::Value << s(goDuration(*t.idle));
        out << YAML::EndMap << YAML::EndMap;
    }
    if (transports)
        out << YAML::EndMap;
    out << YAML::EndMap; // http
    QList<CertificateFiles> certificates =
        readCertificates(m_topology, m_options, m_result.warnings);
    if (!certificates.isEmpty()) {
        const QString base = m_options.outputDirectory.isEmpty()
                                 ? QString()
                                 : QDir(m_options.outputDirectory).absolutePath() + u'/';
        out << YAML::Key << "tls" << YAML::Value << YAML::BeginMap << YAML::Key << "certificates"
            << YAML::Value << YAML::BeginSeq;
        for (const CertificateFiles &files : certificates) {
            if (!files.inCluster) // else readCertificates said where its files must come from
                m_result.files.insert(files.certificatePath, files.certificatePem);
            if (m_options.includeSecrets && !files.keyPem.isEmpty())
                m_result.addSecretFile(files.keyPath, files.keyPem);
            out << YAML::BeginMap << YAML::Key << "certFile" << YAML::Value
                << s(base + files.certificatePath) << YAML::Key << "keyFile" << YAML::Value
                << s(base + files.keyPath) << YAML::EndMap;
        }
        out << YAML::EndSeq << YAML::EndMap;
    }
    out << YAML::EndMap;
    return QByteArray(out.c_str()) + '\n';
}

} // namespace ingress
