#include "export/gatewayapiexporter.h"

#include "export/exportsupport.h"
#include "export/gatewayrulewriter.h"
#include "export/kubernetesobjects.h"
#include "export/stickyexport.h"
#include "export/yamlemit.h"

#include <map>
#include <yaml-cpp/yaml.h>

namespace ingress {

using namespace exportsupport;
using kubernetes::objectName;

namespace {

constexpr int kMaxPerRoute = 16; // HTTPRoute: at most 16 hostnames and 16 rules

std::string s(const QString &text) {
    return text.toStdString();
}

struct GatewayListener {
    QString name;
    int port = 0;
    bool https = false;
    QString hostname;
    QString certificate; // HTTPS: certificate name
};

// HTTPRoutes are grouped by what they attach to and what they say.
struct RouteGroup {
    QStringList sections;
    YAML::Node rules;
    QStringList hostnames;
};

class Builder {
public:
    Builder(const Topology &topology, const ExportOptions &options, ExportResult &result)
        : m_topology(topology), m_rules(topology, RoutingTable::compile(topology), result),
          m_options(options), m_result(result),
          m_gateway(
              objectName(topology.name.isEmpty() ? QStringLiteral("gateway") : topology.name)) {}

    void build();
    void write(YAML::Emitter &out) const;

private:
    void warn(const QString &subject, const SourceLocation &where, const QString &message) {
        m_result.warnings << warnAt(subject, where, message);
    }
    void addGroup(const QStringList &sections, const YAML::Node &rules, const QString &host);
    void addDefaultRoute();

    const Topology &m_topology;
    gatewayapi::RuleWriter m_rules;
    const ExportOptions &m_options;
    ExportResult &m_result;
    QString m_gateway;
    QList<GatewayListener> m_listeners;
    QList<RouteGroup> m_groups;
    std::map<std::string, int> m_groupIndex;
    QStringList m_defaultSections; // listeners that answer unknown hosts
};

void Builder::build() {
    for (const Service &service : m_topology.services)
        stickyexport::gatewayWarnings(service, m_result.warnings);
    for (const Listener &listener : m_topology.listeners) {
        const int port = listenerPort(listener);
        if (!listener.trustedProxies.isEmpty())
            warn(QStringLiteral("listener %1").arg(listener.name),
                 listener.src.at(QStringLiteral("trustedProxies")),
                 QStringLiteral("Gateway API has no setting for trusted proxies (it is the "
                                "implementation's); not exported"));
        if (listener.proxyProtocol)
            warn(QStringLiteral("listener %1").arg(listener.name),
                 listener.src.at(QStringLiteral("proxyProtocol")),
                 QStringLiteral("Gateway API has no setting for the PROXY protocol (it is the "
                                "implementation's, or the load balancer Service's); not exported"));
        if (listener.protocol == Protocol::Http) {
            m_listeners << GatewayListener{objectName(listener.name), port, false, {}, {}};
            m_defaultSections << objectName(listener.name);
            continue;
        }
        QString fallbackCertificate; // the engine's default: the first TLS host's certificate
        for (const VirtualHost &host : m_topology.hosts)
            if (fallbackCertificate.isEmpty() && servesOn(host, listener) && !host.tls.isEmpty())
                fallbackCertificate = host.tls;
        if (fallbackCertificate.isEmpty()) {
            warn(QStringLiteral("listener %1").arg(listener.name), listener.src.node,
                 QStringLiteral("HTTPS listener without any TLS host: a Gateway listener needs "
                                "a certificate; not exported"));
            continue;
        }
        for (int h = 0; h < m_topology.hosts.size(); ++h) {
            const VirtualHost &host = m_topology.hosts[h];
            // The '*' host's listener has no hostname: it takes every name no other names.
            if (servesOn(host, listener))
                m_listeners << GatewayListener{
                    objectName(QStringLiteral("%1-h%2").arg(listener.name).arg(h)), port, true,
                    host.isCatchAll() ? QString() : host.host.toLower(),
                    host.tls.isEmpty() ? fallbackCertificate : host.tls};
        }
        // Unknown names get the listener's default certificate and the default service, as in
        // the engine: a listener without hostname, which Gateway API ranks below named ones.
        // A '*' host's listener is that listener already (its rules end with the default).
        if (m_topology.findService(m_topology.defaultService) &&
            catchAllHost(m_topology, listener) < 0) {
            const QString name = objectName(QStringLiteral("%1-default").arg(listener.name));
            m_listeners << GatewayListener{name, port, true, {}, fallbackCertificate};
            m_defaultSections << name;
        }
    }
    for (int h = 0; h < m_topology.hosts.size(); ++h) {
        const VirtualHost &host = m_topology.hosts[h];
        QStringList served, redirected;
        const Listener *https = nullptr;
        for (const Listener &listener : m_topology.listeners) {
            if (!servesOn(host, listener))
                continue;
            if (listener.protocol == Protocol::Https) {
                served << objectName(QStringLiteral("%1-h%2").arg(listener.name).arg(h));
            } else if (const Listener *target = httpsRedirectTarget(m_topology, host)) {
                https = target;
                redirected << objectName(listener.name);
            } else {
                served << objectName(listener.name);
            }
        }
        // The '*' host: an HTTPRoute without hostnames (host "").
        const QString name = host.isCatchAll() ? QString() : host.host.toLower();
        if (!served.isEmpty())
            addGroup(served, m_rules.hostRules(h), name);
        if (https) {
            YAML::Node rule, filter;
            filter["type"] = "RequestRedirect";
            filter["requestRedirect"]["scheme"] = "https";
            filter["requestRedirect"]["port"] = listenerPort(*https);
            filter["requestRedirect"]["statusCode"] = 301;
            rule["filters"].push_back(filter);
            YAML::Node rules;
            rules.push_back(rule);
            addGroup(redirected, rules, name);
            warn(hostSubject(host), host.src.node,
                 QStringLiteral("Gateway API redirects HTTP to HTTPS with 301 (the engine uses "
                                "308)"));
        }
    }
    addDefaultRoute();
}

// Requests for hosts the topology does not name go to the default service. An HTTPRoute without
// hostnames serves every host, below the routes that name exact or wildcard hosts.
void Builder::addDefaultRoute() {
    const Service *fallback = m_topology.findService(m_topology.defaultService);
    if (!fallback || m_defaultSections.isEmpty())
        return;
    for (const VirtualHost &host : m_topology.hosts)
        if (host.isCatchAll())
            return; // its HTTPRoute, without hostnames, ends with the default service
    YAML::Node rule, match, rules;
    match["path"]["type"] = "PathPrefix";
    match["path"]["value"] = "/";
    rule["matches"].push_back(match);
    rule["backendRefs"].push_back(m_rules.backend(*fallback));
    rules.push_back(rule);
    m_groups << RouteGroup{m_defaultSections, rules, {}};
}

void Builder::addGroup(const QStringList &sections, const YAML::Node &rules, const QString &host) {
    YAML::Emitter key;
    key << rules;
    const std::string id = sections.join(u',').toStdString() + '\n' + key.c_str();
    const auto it = m_groupIndex.find(id);
    if (host.isEmpty()) { // every host: a route of its own, without hostnames
        m_groups << RouteGroup{sections, rules, {}};
        return;
    }
    if (it != m_groupIndex.end() && m_groups[it->second].hostnames.size() < kMaxPerRoute) {
        m_groups[it->second].hostnames << host;
        return;
    }
    m_groupIndex[id] = int(m_groups.size());
    m_groups << RouteGroup{sections, rules, {host}};
}

void Builder::write(YAML::Emitter &out) const {
    const QString nameSpace = QStringLiteral("default");
    out << YAML::BeginDoc << YAML::BeginMap;
    out << YAML::Key << "apiVersion" << YAML::Value << "gateway.networking.k8s.io/v1";
    out << YAML::Key << "kind" << YAML::Value << "Gateway";
    kubernetes::metadata(out, m_gateway, nameSpace);
    out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "gatewayClassName" << YAML::Value << s(m_options.gatewayClassName);
    out << YAML::Key << "listeners" << YAML::Value << YAML::BeginSeq;
    for (const GatewayListener &l : m_listeners) {
        out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << s(l.name);
        if (!l.hostname.isEmpty())
            out << YAML::Key << "hostname" << YAML::Value << s(l.hostname);
        out << YAML::Key << "port" << YAML::Value << l.port;
        out << YAML::Key << "protocol" << YAML::Value << (l.https ? "HTTPS" : "HTTP");
        if (l.https) {
            out << YAML::Key << "tls" << YAML::Value << YAML::BeginMap << YAML::Key << "mode"
                << YAML::Value << "Terminate" << YAML::Key << "certificateRefs" << YAML::Value
                << YAML::BeginSeq << YAML::BeginMap << YAML::Key << "kind" << YAML::Value
                << "Secret";
            // A certificate the cluster holds names its own Secret, perhaps in another namespace.
            const Certificate *certificate = m_topology.findCertificate(l.certificate);
            out << YAML::Key << "name" << YAML::Value
                << s(objectName(certificate ? certificate->secretName() : l.certificate));
            if (certificate && !certificate->secretNamespace().isEmpty())
                out << YAML::Key << "namespace" << YAML::Value << s(certificate->secretNamespace());
            out << YAML::EndMap << YAML::EndSeq << YAML::EndMap;
        }
        out << YAML::Key << "allowedRoutes" << YAML::Value << YAML::BeginMap << YAML::Key
            << "namespaces" << YAML::Value << YAML::BeginMap << YAML::Key << "from" << YAML::Value
            << "All" << YAML::EndMap << YAML::EndMap;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap << YAML::EndMap;

    int n = 0;
    for (const RouteGroup &group : m_groups) {
        for (std::size_t first = 0; first == 0 || first < group.rules.size();
             first += kMaxPerRoute) {
            out << YAML::BeginDoc << YAML::BeginMap;
            out << YAML::Key << "apiVersion" << YAML::Value << "gateway.networking.k8s.io/v1";
            out << YAML::Key << "kind" << YAML::Value << "HTTPRoute";
            kubernetes::metadata(out, QStringLiteral("%1-%2").arg(m_gateway).arg(++n), nameSpace);
            out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
            out << YAML::Key << "parentRefs" << YAML::Value << YAML::BeginSeq;
            for (const QString &section : group.sections)
                out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << s(m_gateway)
                    << YAML::Key << "sectionName" << YAML::Value << s(section) << YAML::EndMap;
            out << YAML::EndSeq;
            if (!group.hostnames.isEmpty()) {
                out << YAML::Key << "hostnames" << YAML::Value << YAML::BeginSeq;
                for (const QString &host : group.hostnames)
                    out << s(host);
                out << YAML::EndSeq;
            }
            out << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
            for (std::size_t i = first; i < std::min(group.rules.size(), first + kMaxPerRoute); ++i)
                yamlemit::emit(
                    out, group.rules[i],
                    {"port", "weight", "statusCode", "percent", "allowCredentials", "maxAge"});
            out << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
            if (group.rules.size() == 0)
                break;
        }
    }
    kubernetes::writeServices(out, m_topology, m_result.warnings);
    QList<CertificateFiles> certificates =
        readCertificates(m_topology, m_options, m_result.warnings, true);
    for (const CertificateFiles &files : certificates) {
        if (files.inCluster)
            continue; // the cluster has it already
        kubernetes::writeTlsSecret(out, files, nameSpace, m_options.includeSecrets);
        m_result.mainTextHasSecrets |= m_options.includeSecrets && !files.keyPem.isEmpty();
    }
}

} // namespace

ExportResult GatewayApiExporter::exportTopology(const Topology &topology,
                                                const ExportOptions &options) const {
    ExportResult result;
    result.mainFileName = QStringLiteral("gateway.yaml");
    Builder builder(topology, options, result);
    builder.build();
    YAML::Emitter out;
    builder.write(out);
    result.mainText = QByteArray(out.c_str()) + '\n';
    return result;
}

} // namespace ingress