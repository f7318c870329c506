#include "export/kubernetesingressreader.h"

#include "export/kubernetessecretreader.h"

#include <algorithm>
#include <QRegularExpression>

namespace ingress::kubeimport {

IngressReader::Annotations IngressReader::annotations(const YAML::Node &metadata) {
    Annotations result;
    const YAML::Node list = metadata["annotations"];
    if (!list || !list.IsMap())
        return result;
    for (auto it = list.begin(); it != list.end(); ++it) {
        const QString key = q(it->first.Scalar());
        const QString value = it->second.IsScalar() ? q(it->second.Scalar()) : QString();
        const QString name = key.section(u'/', 1);
        const bool known =
            key.startsWith(u"nginx.ingress.kubernetes.io/") || key.startsWith(u"haproxy.org/");
        if (known && name == u"use-regex")
            result.useRegex = value == u"true";
        else if (known && (name == u"rewrite-target" || name == u"path-rewrite"))
            result.rewriteTarget = value;
        else if (known && name == u"ssl-redirect")
            result.sslRedirect = value == u"true";
        else if (key == u"nginx.ingress.kubernetes.io/canary")
            result.canary = value == u"true";
        else if (key == u"nginx.ingress.kubernetes.io/canary-weight")
            result.canaryWeight = value.toInt();
        else if (key == u"nginx.ingress.kubernetes.io/canary-weight-total")
            result.canaryWeightTotal = std::max(1, value.toInt());
        else if (known && (name == u"upstream-hash-by" || name == u"load-balance"))
            continue; // load balancing travels on the Service annotation as well
        else if (key == u"kubernetes.io/ingress.class")
            m_session.note(
                it->first,
                QStringLiteral("ingress class '%1' noted; not part of the topology").arg(value));
        else
            m_session.warning(it->first, QStringLiteral("annotation '%1' is not understood; its "
                                                        "effect is not imported")
                                             .arg(key));
    }
    return result;
}

void IngressReader::read(const YAML::Node &doc, bool beta) {
    Topology &topology = m_session.topology;
    const YAML::Node metadata = doc["metadata"];
    const QString name = m_session.scalar(metadata, "name", true);
    const QString nameSpace = ImportSession::namespaceOf(m_session.scalar(metadata, "namespace"));
    if (topology.name.isEmpty())
        topology.name = name;
    const Annotations notes = annotations(metadata);
    const YAML::Node spec = doc["spec"];
    if (!spec || !spec.IsMap()) {
        m_session.error(spec ? spec : doc,
                        QStringLiteral("Ingress '%1' has no 'spec' mapping").arg(name));
        return;
    }
    const YAML::Node fallback = spec[beta ? "backend" : "defaultBackend"];
    if (fallback)
        if (auto ref = backend(fallback, nameSpace, beta))
            topology.defaultService = ref->service;
    for (const YAML::Node &rule : spec["rules"]) {
        const QString hostName = m_session.scalar(rule, "host");
        const YAML::Node paths = rule["http"]["paths"];
        if (!paths || !paths.IsSequence()) {
            m_session.error(rule, QStringLiteral("rule without 'http.paths'"));
            continue;
        }
        if (hostName.isEmpty()) {
            // A rule for every host: its catch-all path is the default service (Kubernetes'
            // defaultBackend, which exports write back), every other path a route of the
            // host '*', which takes what no host of its own does.
            for (const YAML::Node &path : paths) {
                const QString value = m_session.scalar(path, "path", false);
                const bool root = QString(value).remove(u'/').isEmpty() &&
                                  m_session.scalar(path, "pathType", false) != u"Exact";
                if (root && notes.rewriteTarget.isEmpty() && !notes.canary && !fallback)
                    if (const auto ref = backend(path["backend"], nameSpace, beta)) {
                        topology.defaultService = ref->service;
                        continue;
                    }
                route(m_session.hostNamed(QStringLiteral("*"), rule), path, nameSpace, beta, notes);
            }
            continue;
        }
        VirtualHost &host = m_session.hostNamed(hostName, rule);
        if (notes.sslRedirect == false)
            host.sslRedirect = false;
        for (const YAML::Node &path : paths)
            route(host, path, nameSpace, beta, notes);
    }
    tlsEntries(spec);
}

void IngressReader::tlsEntries(const YAML::Node &spec) {
    Topology &topology = m_session.topology;
    for (const YAML::Node &tls : spec["tls"]) {
        const QString secret = m_session.scalar(tls, "secretName");
        if (!secret.isEmpty() && !m_session.secretRefs.contains(secret))
            m_session.secretRefs.insert(secret, {m_session.file, at(tls)});
        for (const YAML::Node &h : tls["hosts"]) {
            const QString hostName = h.IsScalar() ? q(h.Scalar()) : QString();
            bool found = false;
            for (VirtualHost &host : topology.hosts)
                if (host.host == hostName) {
                    host.tls = secret;
                    found = true;
                }
            if (!found)
                m_session.warning(
                    h, QStringLiteral("TLS host '%1' has no rule; ignored").arg(hostName));
        }
        if (!secret.isEmpty() && !topology.findCertificate(secret))
            topology.certificates << certificateForSecret(secret, at(tls));
    }
}

void IngressReader::route(VirtualHost &host, const YAML::Node &node, const QString &nameSpace,
                          bool beta, const Annotations &notes) {
    Route r;
    r.src.node = at(node);
    r.firstMatch().path = m_session.scalar(node, "path");
    if (r.firstMatch().path.isEmpty())
        r.firstMatch().path = QStringLiteral("/");
    const QString type = beta && !node["pathType"] ? QStringLiteral("ImplementationSpecific")
                                                   : m_session.scalar(node, "pathType", true);
    if (type == u"Exact") {
        r.firstMatch().pathType = PathType::Exact;
    } else if (type == u"Prefix") {
        r.firstMatch().pathType = PathType::Prefix;
    } else if (type == u"ImplementationSpecific") {
        static const QRegularExpression rewritten(
            QStringLiteral("^(.*)\\(/\\|\\$\\)\\(\\.\\*\\)$"));
        const auto m = rewritten.match(r.firstMatch().path);
        if (!notes.rewriteTarget.isEmpty() && m.hasMatch()) {
            r.firstMatch().path = m.captured(1).isEmpty() ? QStringLiteral("/") : m.captured(1);
            r.firstMatch().pathType = PathType::Prefix;
            QString target = notes.rewriteTarget.section(u' ', -1);
            target.remove(QRegularExpression(QStringLiteral("/?(\\$2|\\\\2)$")));
            r.rewritePrefix = target.isEmpty() ? QStringLiteral("/") : target;
        } else if (notes.useRegex) {
            r.firstMatch().pathType = PathType::Regex;
        } else {
            r.firstMatch().pathType = PathType::Prefix;
            m_session.note(node, QStringLiteral("pathType ImplementationSpecific read as Prefix"));
        }
    } else if (!type.isEmpty()) {
        m_session.error(node["pathType"], QStringLiteral("pathType must be Exact, Prefix or "
                                                         "ImplementationSpecific, not '%1'")
                                              .arg(type));
    }
    if (!notes.rewriteTarget.isEmpty() && !r.rewritePrefix) {
        // Without the capture-group shape, ingress-nginx's `rewrite "(?i)PATH" TARGET break;`
        // (and HAProxy's one-argument path-rewrite) replace the whole path: ReplaceFullPath.
        const QString target = notes.rewriteTarget.trimmed();
        if (target.startsWith(u'/') && !target.contains(u'$') && !target.contains(u'\\') &&
            !target.contains(u' '))
            r.rewritePath = target;
        else
            m_session.warning(node, QStringLiteral("rewrite target '%1' refers to capture groups "
                                                   "this path's shape does not give (expected "
                                                   "'/x(/|$)(.*)' with '/$2'); not imported")
                                        .arg(notes.rewriteTarget));
    }
    // The backend is read even when the path is wrong, so that all its problems are listed.
    const auto ref = backend(node["backend"], nameSpace, beta);
    if (!ref || type.isEmpty())
        return;
    r.service = ref->service;
    if (notes.canary) {
        mergeCanary(host, r, node, notes);
        return;
    }
    host.routes << r;
}

// A canary Ingress (ingress-nginx) sends `canary-weight` of `canary-weight-total` (100) of the
// requests of the main Ingress's same host and path to its own service: a split of the main
// route. Only the weight is understood; header and cookie canaries are reported by
// annotations() as not understood.
void IngressReader::mergeCanary(VirtualHost &host, const Route &canary, const YAML::Node &node,
                                const Annotations &notes) {
    Route *main = nullptr;
    for (Route &existing : host.routes)
        if (existing.firstMatch().path == canary.firstMatch().path &&
            existing.firstMatch().pathType == canary.firstMatch().pathType &&
            existing.backends.isEmpty() && !existing.service.isEmpty())
            main = &existing;
    if (!main || !notes.canaryWeight) {
        m_session.warning(node, QStringLiteral("canary Ingress path %1: %2; not imported")
                                    .arg(canary.firstMatch().path,
                                         notes.canaryWeight
                                             ? QStringLiteral("no main Ingress for this host "
                                                              "and path before it")
                                             : QStringLiteral("only 'canary-weight' canaries "
                                                              "are imported")));
        return;
    }
    const int total = notes.canaryWeightTotal;
    const int weight = std::clamp(*notes.canaryWeight, 0, total);
    main->backends = {RouteBackend{main->service, total - weight, main->src},
                      RouteBackend{canary.service, weight, canary.src}};
    main->service.clear();
}

std::optional<BackendRef> IngressReader::backend(const YAML::Node &node, const QString &nameSpace,
                                                 bool beta) {
    if (!node || !node.IsMap()) {
        m_session.error(node, QStringLiteral("missing required field 'backend'"));
        return std::nullopt;
    }
    if (node["resource"]) {
        m_session.warning(ImportSession::keyNode(node, "resource"),
                          QStringLiteral("'resource' backends are not supported; "
                                         "this path is not imported"));
        return std::nullopt;
    }
    BackendRef ref;
    ref.nameSpace = nameSpace;
    ref.where = at(node);
    ref.file = m_session.file;
    if (beta) {
        ref.service = m_session.scalar(node, "serviceName", true);
        const QString port = m_session.scalar(node, "servicePort", true);
        bool numeric = false;
        ref.port = port.toInt(&numeric);
        if (!numeric)
            ref.portName = port;
    } else {
        const YAML::Node service = node["service"];
        if (!service) {
            m_session.error(node, QStringLiteral("backend needs 'service' (or 'resource')"));
            return std::nullopt;
        }
        ref.service = m_session.scalar(service, "name", true);
        const YAML::Node port = service["port"];
        if (!port) {
            m_session.error(service, QStringLiteral("missing required field 'port'"));
            return std::nullopt;
        }
        ref.port = m_session.integer(port, "number").value_or(0);
        ref.portName = m_session.scalar(port, "name");
        if (ref.port == 0 && ref.portName.isEmpty()) {
            m_session.error(port, QStringLiteral("port needs 'number' or 'name'"));
            return std::nullopt;
        }
    }
    if (ref.service.isEmpty())
        return std::nullopt;
    m_session.refs << ref;
    return ref;
}

} // namespace ingress::kubeimport
