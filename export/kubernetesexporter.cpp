#include "export/kubernetesexporter.h"

#include "export/exportpolicy.h"
#include "export/exportsupport.h"
#include "export/kubernetesobjects.h"
#include "export/kubernetespolicy.h"
#include "export/stickyexport.h"
#include "model/topology/enums.h"

#include <QSet>
#include <yaml-cpp/yaml.h>

namespace ingress {

using namespace exportsupport;
using kubernetes::metadata;
using kubernetes::objectName;

namespace {

std::string s(const QString &text) {
    return text.toStdString();
}

struct IngressPath {
    QString host;
    QString path;
    QString pathType;
    const Service *service = nullptr;
};

struct IngressGroup {
    QString nameSpace;
    QMap<QString, QString> annotations;
    QList<IngressPath> paths;
    QStringList tlsHosts; // hosts of this Ingress that have TLS
};

QString profilePrefix(AnnotationProfile profile) {
    switch (profile) {
    case AnnotationProfile::IngressNginx:
        return QStringLiteral("nginx.ingress.kubernetes.io/");
    case AnnotationProfile::Traefik:
        return QStringLiteral("traefik.ingress.kubernetes.io/");
    case AnnotationProfile::HAProxy:
        return QStringLiteral("haproxy.org/");
    }
    return {};
}

class Builder {
public:
    Builder(const Topology &topology, const ExportOptions &options, ExportResult &result)
        : m_topology(topology), m_table(RoutingTable::compile(topology)), m_options(options),
          m_result(result), m_prefix(profilePrefix(options.annotationProfile)),
          m_policies(options, result) {}

    // One Ingress path per match of a route (an Ingress path has no other conditions, so a
    // route's matches become paths of their own); route-level notes are given once.
    void addRoute(int hostIndex, const CompiledRoute &cr) {
        const VirtualHost &host = m_topology.hosts[hostIndex];
        const Route &route = modelRoute(host, cr);
        const RouteMatchRule &match = modelMatch(host, cr);
        const QString subject = routeSubject(host, cr);
        const bool first = cr.match == 0;
        auto warn = [&](const QString &message) {
            m_result.warnings << warnAt(subject, route.src.node, message);
        };
        if (route.redirect) {
            warn(QStringLiteral("an Ingress cannot express a redirect route; not exported"));
            return;
        }
        const QString serviceName = heaviestService(route);
        const Service *service = m_topology.findService(serviceName);
        if (!service) {
            warn(QStringLiteral("no service '%1'; not exported").arg(serviceName));
            return;
        }
        const bool nginx = m_options.annotationProfile == AnnotationProfile::IngressNginx;
        if (first && route.backends.size() > 1)
            warn(QStringLiteral("an Ingress cannot split traffic by weight; every request goes "
                                "to '%1' (the Gateway API export keeps the weights)")
                     .arg(serviceName));
        if (!match.methods.isEmpty())
            warn(QStringLiteral("an Ingress cannot match methods; the path serves every method"));
        if (!match.headers.isEmpty())
            warn(QStringLiteral("an Ingress cannot match headers; the path serves every request"));
        if (!match.queryParams.isEmpty())
            warn(QStringLiteral("an Ingress cannot match query parameters; the path serves every "
                                "request"));
        if (first && (route.timeout || route.maxBodySize))
            warn(QStringLiteral("per-route timeout and body size are not exported"));
        // Header filters would need ingress-nginx's configuration-snippet, which recent
        // versions disable by default: reported, not written.
        unsigned supported = QueryParamExact | QueryParamRegex | HeaderRegex;
        if (nginx)
            supported |= RewriteHost | RewritePath | Mirror;
        warnUnsupported(host, cr, supported, QStringLiteral("an Ingress"), m_result.warnings);
        QMap<QString, QString> annotations = hostAnnotations(host);
        if (const auto policy = exportpolicy::routePolicy(m_topology, hostIndex, cr))
            m_policies.add(*policy, service->effectiveNamespace(), annotations);
        // A rule without `host` serves every host no other rule names.
        IngressPath path{host.isCatchAll() ? QString() : host.host, match.path,
                         toString(match.pathType), service};
        if (match.pathType == PathType::Regex) {
            path.pathType = QStringLiteral("ImplementationSpecific");
            if (nginx)
                annotations.insert(m_prefix + QStringLiteral("use-regex"), QStringLiteral("true"));
            else
                warn(QStringLiteral("regex path exported as ImplementationSpecific; this "
                                    "controller may read it as a prefix"));
        }
        if (nginx && !route.rewriteHost.isEmpty())
            annotations.insert(m_prefix + QStringLiteral("upstream-vhost"), route.rewriteHost);
        if (nginx && route.rewritePath) {
            // ingress-nginx's `rewrite` replaces the whole URI with rewrite-target.
            annotations.insert(m_prefix + QStringLiteral("rewrite-target"), *route.rewritePath);
        }
        if (nginx && !route.mirrors.isEmpty()) {
            const RouteMirror &mirror = route.mirrors.first();
            if (const Service *target = m_topology.findService(mirror.service))
                annotations.insert(
                    m_prefix + QStringLiteral("mirror-target"),
                    QStringLiteral("http://%1.%2.svc.cluster.local$request_uri")
                        .arg(objectName(target->name), target->effectiveNamespace().isEmpty()
                                                           ? QStringLiteral("default")
                                                           : target->effectiveNamespace()));
            if (first && (route.mirrors.size() > 1 || mirror.percent < 100))
                warn(QStringLiteral("ingress-nginx mirrors every request to one target; only "
                                    "'%1' is mirrored, and at 100 %")
                         .arg(mirror.service));
        }
        if (route.rewritePrefix) {
            const QString key = prefixKey(cr);
            const QString replacement = pathReplacement(*route.rewritePrefix).base;
            if (match.pathType == PathType::Prefix &&
                m_options.annotationProfile != AnnotationProfile::Traefik) {
                path.pathType = QStringLiteral("ImplementationSpecific");
                path.path = key + QStringLiteral("(/|$)(.*)");
                if (nginx) {
                    annotations.insert(m_prefix + QStringLiteral("use-regex"),
                                       QStringLiteral("true"));
                    annotations.insert(m_prefix + QStringLiteral("rewrite-target"),
                                       replacement + QStringLiteral("/$2"));
                } else {
                    annotations.insert(m_prefix + QStringLiteral("path-rewrite"),
                                       QStringLiteral("%1(/|$)(.*) %2/\\2").arg(key, replacement));
                }
            } else {
                warn(QStringLiteral("this rewrite needs a controller-specific resource (e.g. a "
                                    "Traefik Middleware); not exported"));
            }
        }
        if (service->loadBalancing != LoadBalancing::RoundRobin) {
            const QString policy = toString(service->loadBalancing);
            if (nginx && service->loadBalancing == LoadBalancing::IPHash)
                annotations.insert(m_prefix + QStringLiteral("upstream-hash-by"),
                                   QStringLiteral("$remote_addr"));
            else if (m_options.annotationProfile == AnnotationProfile::HAProxy)
                annotations.insert(m_prefix + QStringLiteral("load-balance"),
                                   service->loadBalancing == LoadBalancing::LeastConnections
                                       ? QStringLiteral("leastconn")
                                   : service->loadBalancing == LoadBalancing::IPHash
                                       ? QStringLiteral("source")
                                       : QStringLiteral("random"));
            else if (first)
                warn(QStringLiteral("this controller has no annotation for %1 load balancing; "
                                    "kept only as %2 on the Service")
                         .arg(policy, KubernetesExporter::loadBalancingAnnotation));
        }
        stickyexport::ingressAnnotations(*service, m_options.annotationProfile, m_prefix, first,
                                         annotations, warn);
        IngressGroup &group = groupFor(service->effectiveNamespace(), annotations);
        group.paths << path;
        if (!host.tls.isEmpty() && !host.isCatchAll() && !group.tlsHosts.contains(host.host))
            group.tlsHosts << host.host;
    }

    QMap<QString, QString> hostAnnotations(const VirtualHost &host) {
        QMap<QString, QString> annotations;
        if (host.tls.isEmpty())
            return annotations;
        const bool redirect = host.redirectsToHttps();
        switch (m_options.annotationProfile) {
        case AnnotationProfile::IngressNginx:
            annotations.insert(m_prefix + QStringLiteral("ssl-redirect"),
                               redirect ? QStringLiteral("true") : QStringLiteral("false"));
            break;
        case AnnotationProfile::HAProxy:
            annotations.insert(m_prefix + QStringLiteral("ssl-redirect"),
                               redirect ? QStringLiteral("true") : QStringLiteral("false"));
            break;
        case AnnotationProfile::Traefik:
            if (redirect && !m_warnedTraefikRedirect) {
                m_warnedTraefikRedirect = true;
                m_result.warnings << warnAt(hostSubject(host), host.src.node,
                                            QStringLiteral("Traefik redirects HTTP to HTTPS in "
                                                           "its entry point configuration, not "
                                                           "per Ingress"));
            }
            break;
        }
        return annotations;
    }

    IngressGroup &groupFor(const QString &nameSpace, const QMap<QString, QString> &annotations) {
        for (IngressGroup &group : m_groups)
            if (group.nameSpace == nameSpace && group.annotations == annotations)
                return group;
        m_groups << IngressGroup{nameSpace, annotations, {}, {}};
        return m_groups.last();
    }

    void writeIngresses(YAML::Emitter &out) {
        const Service *fallback = m_topology.findService(m_topology.defaultService);
        if (fallback && std::none_of(m_groups.begin(), m_groups.end(), [&](const IngressGroup &g) {
                return g.nameSpace == fallback->effectiveNamespace();
            }))
            m_groups << IngressGroup{fallback->effectiveNamespace(), {}, {}, {}};
        bool defaultWritten = false;
        const QString base =
            objectName(m_topology.name.isEmpty() ? QStringLiteral("ingress") : m_topology.name);
        for (int g = 0; g < m_groups.size(); ++g) {
            const IngressGroup &group = m_groups[g];
            out << YAML::BeginDoc << YAML::BeginMap;
            out << YAML::Key << "apiVersion" << YAML::Value << "networking.k8s.io/v1";
            out << YAML::Key << "kind" << YAML::Value << "Ingress";
            metadata(out, g == 0 ? base : QStringLiteral("%1-%2").arg(base).arg(g), group.nameSpace,
                     group.annotations);
            out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
            out << YAML::Key << "ingressClassName" << YAML::Value << s(m_options.ingressClassName);
            if (fallback && !defaultWritten && fallback->effectiveNamespace() == group.nameSpace) {
                defaultWritten = true;
                // Affinity is per Ingress: the default backend's comes from the group it lands in.
                if (fallback->stickySession &&
                    !group.annotations.contains(m_prefix + QStringLiteral("affinity")) &&
                    !group.annotations.contains(m_prefix + QStringLiteral("cookie-persistence")))
                    m_result.warnings << warnAt(
                        stickyexport::subject(*fallback), fallback->stickySession->src.node,
                        QStringLiteral("the default backend is written into an Ingress without "
                                       "session affinity; its sticky session is not exported"));
                out << YAML::Key << "defaultBackend" << YAML::Value << YAML::BeginMap;
                backend(out, *fallback);
                out << YAML::EndMap;
            }
            writeTls(out, group);
            writeRules(out, group);
            out << YAML::EndMap << YAML::EndMap;
        }
    }

    void backend(YAML::Emitter &out, const Service &service) {
        out << YAML::Key << "service" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "name" << YAML::Value << s(service.name);
        out << YAML::Key << "port" << YAML::Value << YAML::BeginMap << YAML::Key << "number"
            << YAML::Value << service.port << YAML::EndMap;
        out << YAML::EndMap;
    }

    void writeTls(YAML::Emitter &out, const IngressGroup &group) {
        if (group.tlsHosts.isEmpty())
            return;
        QMap<QString, QStringList> bySecret;
        QStringList order;
        for (const VirtualHost &host : m_topology.hosts) {
            if (!group.tlsHosts.contains(host.host))
                continue;
            if (!order.contains(host.tls))
                order << host.tls;
            bySecret[host.tls] << host.host;
            m_secretNamespaces[host.tls].insert(group.nameSpace);
        }
        out << YAML::Key << "tls" << YAML::Value << YAML::BeginSeq;
        for (const QString &secret : order) {
            out << YAML::BeginMap << YAML::Key << "hosts" << YAML::Value << YAML::BeginSeq;
            for (const QString &host : bySecret[secret])
                out << s(host);
            const Certificate *certificate = m_topology.findCertificate(secret);
            out << YAML::EndSeq << YAML::Key << "secretName" << YAML::Value
                << s(objectName(certificate ? certificate->secretName() : secret)) << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }

    void writeRules(YAML::Emitter &out, const IngressGroup &group) {
        if (group.paths.isEmpty())
            return;
        QStringList hosts;
        for (const IngressPath &path : group.paths)
            if (!hosts.contains(path.host))
                hosts << path.host;
        out << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
        for (const QString &host : hosts) {
            out << YAML::BeginMap;
            if (!host.isEmpty()) // a rule without host: every host no rule names
                out << YAML::Key << "host" << YAML::Value << s(host);
            out << YAML::Key << "http" << YAML::Value << YAML::BeginMap << YAML::Key << "paths"
                << YAML::Value << YAML::BeginSeq;
            for (const IngressPath &path : group.paths) {
                if (path.host != host)
                    continue;
                out << YAML::BeginMap;
                out << YAML::Key << "path" << YAML::Value << s(path.path);
                out << YAML::Key << "pathType" << YAML::Value << s(path.pathType);
                out << YAML::Key << "backend" << YAML::Value << YAML::BeginMap;
                backend(out, *path.service);
                out << YAML::EndMap << YAML::EndMap;
            }
            out << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }

    void writeServices(YAML::Emitter &out) {
        kubernetes::writeServices(out, m_topology, m_result.warnings);
    }

    void writeSecrets(YAML::Emitter &out) {
        const QList<CertificateFiles> certificates =
            readCertificates(m_topology, m_options, m_result.warnings, true);
        for (const CertificateFiles &files : certificates) {
            if (files.inCluster)
                continue; // the cluster has it already
            for (const QString &nameSpace : m_secretNamespaces.value(files.name)) {
                kubernetes::writeTlsSecret(out, files, nameSpace, m_options.includeSecrets);
                m_result.mainTextHasSecrets |= m_options.includeSecrets && !files.keyPem.isEmpty();
            }
        }
        if (!m_options.includeSecrets && !certificates.isEmpty())
            m_result.warnings << ExportWarning{
                QStringLiteral("TLS Secrets are written without data; use --include-secrets "
                               "or create them with 'kubectl create secret tls'"),
                QString(),
                {}};
        m_policies.writeSecrets(out);
    }

    QList<IngressGroup> m_groups;

private:
    const Topology &m_topology;
    RoutingTablePtr m_table;
    const ExportOptions &m_options;
    ExportResult &m_result;
    QString m_prefix;
    QMap<QString, QSet<QString>> m_secretNamespaces;
    bool m_warnedTraefikRedirect = false;
    kubernetes::PolicyAnnotations m_policies;
};

} // namespace

ExportResult KubernetesExporter::exportTopology(const Topology &topology,
                                                const ExportOptions &options) const {
    ExportResult result;
    result.mainFileName = QStringLiteral("ingress.yaml");
    Builder builder(topology, options, result);
    const RoutingTablePtr table = RoutingTable::compile(topology);
    for (int h = 0; h < topology.hosts.size(); ++h)
        for (const CompiledRoute &route : table->hosts()[std::size_t(h)].routes)
            builder.addRoute(h, route);
    for (const VirtualHost &host : topology.hosts)
        if (host.isCatchAll() && !host.routes.isEmpty() && topology.hosts.size() > 1)
            result.warnings << warnAt(hostSubject(host), host.src.node,
                                      QStringLiteral("an Ingress rule without host does not "
                                                     "catch requests for hosts other rules name "
                                                     "(no fall-through to the '*' routes)"));
    for (const VirtualHost &host : topology.hosts)
        if (host.isCatchAll() && !host.tls.isEmpty())
            result.warnings << warnAt(hostSubject(host), host.src.at(QStringLiteral("tls")),
                                      QStringLiteral("an Ingress has no TLS for every host; the "
                                                     "'*' host's certificate is not exported"));
    kubernetes::PolicyAnnotations::reportTrustedProxies(topology, result.warnings);
    if (!topology.listeners.isEmpty())
        result.warnings << ExportWarning{
            QStringLiteral("listeners are not exported: the ingress controller's own ports "
                           "(80/443) apply"),
            QString(),
            {}};
    YAML::Emitter out;
    builder.writeIngresses(out);
    builder.writeServices(out);
    builder.writeSecrets(out);
    result.mainText = QByteArray(out.c_str()) + '\n';
    return result;
}

} // namespace ingress
