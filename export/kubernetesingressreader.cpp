#include "export/kubernetesingressreader.h"

#include "export/kubernetessecretreader.h"

#include <algorithm>
#include <QRegularExpression>

namespace ingress::kubeimport {

void IngressReader::read(const YAML::Node &doc, bool beta) {
    Topology &topology = m_session.topology;
    const YAML::Node metadata = doc["metadata"];
    const QString name = m_session.scalar(metadata, "name", true);
    const QString nameSpace = ImportSession::namespaceOf(m_session.scalar(metadata, "namespace"));
    if (topology.name.isEmpty())
        topology.name = name;
    const Annotations notes = Annotations::read(m_session, metadata, doc["spec"]);
    const qsizetype firstRef = m_session.refs.size();
    const YAML::Node spec = doc["spec"];
    if (!spec || !spec.IsMap()) {
        m_session.error(spec ? spec : doc,
                        QStringLiteral("Ingress '%1' has no 'spec' mapping").arg(name));
        return;
    }
    const YAML::Node fallback = spec[beta ? "backend" : "defaultBackend"];
    if (fallback)
        if (auto ref = backend(fallback, nameSpace, beta)) {
            topology.defaultService = ref->service;
            if (!notes.policy.isEmpty())
                m_session.warning(fallback, QStringLiteral("the Ingress's access lists, "
                                                           "authentication, limits, CORS and "
                                                           "security headers do not reach its "
                                                           "default backend: the topology's "
                                                           "default service has no policy"));
        }
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
                // With a policy, header filters or an answer of its own it stays a route (of
                // '*'): the default service has none of them.
                if (root && notes.rewriteTarget.isEmpty() && !notes.canary && !fallback &&
                    notes.policy.isEmpty() && !notes.redirect && !notes.respond &&
                    notes.requestHeaders.isEmpty() && notes.responseHeaders.isEmpty())
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
        if (notes.forceSslRedirect)
            host.sslRedirect = true;
        appRoot(host, rule, notes);
        for (const YAML::Node &path : paths)
            route(host, path, nameSpace, beta, notes);
    }
    tlsEntries(spec);
    if (notes.stickySession)
        m_session.stickyRequests << StickyRequest{*notes.stickySession,
                                                  QStringLiteral("Ingress '%1'").arg(name),
                                                  m_session.file, firstRef, m_session.refs.size()};
    if (notes.forceSslRedirect)
        for (const YAML::Node &rule : spec["rules"])
            for (const VirtualHost &host : topology.hosts)
                if (host.host == m_session.scalar(rule, "host") && host.tls.isEmpty())
                    m_session.warning(rule, QStringLiteral("%1: host '%2' has no TLS here, and "
                                                           "the topology redirects to HTTPS only "
                                                           "where it has a certificate; not "
                                                           "translated")
                                                .arg(notes.forceSslRedirectBy, host.host));
}

// app-root: ingress-nginx redirects "/" (only) to the application's root with a 302.
void IngressReader::appRoot(VirtualHost &host, const YAML::Node &rule, const Annotations &notes) {
    if (notes.appRoot.isEmpty())
        return;
    for (const Route &existing : host.routes)
        if (existing.redirect && existing.firstMatch().pathType == PathType::Exact &&
            existing.firstMatch().path == u'/')
            return;
    Route root;
    root.src.node = at(rule);
    root.firstMatch().path = QStringLiteral("/");
    root.firstMatch().pathType = PathType::Exact;
    Redirect redirect;
    redirect.path = notes.appRoot;
    redirect.code = 302;
    root.redirect = redirect;
    host.routes << root;
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
    if (notes.pathType)
        pathRegex(r, node, notes);
    // The backend is read even when the path is wrong, so that all its problems are listed.
    const auto ref = backend(node["backend"], nameSpace, beta);
    if (!ref || type.isEmpty())
        return;
    r.service = ref->service;
    r.requestHeaders = notes.requestHeaders;
    r.responseHeaders = notes.responseHeaders;
    if (const auto prefix = notes.rewritePrefixes.constFind(r.service);
        prefix != notes.rewritePrefixes.cend()) {
        if (r.rewritePrefix || r.rewritePath || r.firstMatch().pathType == PathType::Regex)
            m_session.warning(node, QStringLiteral("nginx.org/rewrites: this path is rewritten "
                                                   "already or is a regular expression; its "
                                                   "rewrite to '%1' is left out")
                                        .arg(*prefix));
        else
            r.rewritePrefix = *prefix;
    }
    if (notes.maxBodySize)
        r.maxBodySize = *notes.maxBodySize > 0 ? notes.maxBodySize : std::nullopt;
    r.timeout = notes.timeout;
    r.policy = notes.policy;
    if ((notes.redirect || notes.respond) && !notes.canary) {
        r.redirect = notes.redirect;
        r.respond = notes.respond;
        r.service.clear();
        // nginx answers `return` in its rewrite phase, before the access checks and limits.
        r.policy = {};
        r.requestHeaders = r.responseHeaders = {};
        r.rewritePrefix.reset();
    }
    if (notes.canary) {
        mergeCanary(host, r, node, notes);
        return;
    }
    host.routes << r;
}

// nginx.org/path-regex: F5 writes every path of the Ingress as `location ~ "^PATH"` (`~*`
// ignores case) or `= "PATH"`, whatever its pathType.
void IngressReader::pathRegex(Route &r, const YAML::Node &node, const Annotations &notes) {
    if (r.rewritePrefix) {
        m_session.warning(node, QStringLiteral("nginx.org/path-regex: this path is rewritten by "
                                               "rewrite-target; it stays a prefix"));
        return;
    }
    QString &path = r.firstMatch().path;
    r.firstMatch().pathType = *notes.pathType;
    if (*notes.pathType != PathType::Regex)
        return;
    if (!path.startsWith(u'^'))
        path.prepend(u'^');
    if (notes.caseInsensitive)
        path.prepend(QStringLiteral("(?i)"));
}

// A canary Ingress (ingress-nginx) takes requests of the main Ingress's same host and path:
// those with its header (set to `always`, or to the value or pattern it gives), then those with
// its cookie set to `always`, then `canary-weight` of `canary-weight-total` (100) of the rest.
// The header and the cookie become routes of their own that match them (one header match more
// than the main route, so they win over it, the header's first), the weight a split of the main
// route. `never` needs nothing: the main route keeps those requests.
void IngressReader::mergeCanary(VirtualHost &host, const Route &canary, const YAML::Node &node,
                                const Annotations &notes) {
    qsizetype main = -1;
    for (qsizetype i = 0; i < host.routes.size(); ++i) {
        const Route &existing = host.routes[i];
        if (existing.firstMatch().path == canary.firstMatch().path &&
            existing.firstMatch().pathType == canary.firstMatch().pathType &&
            existing.firstMatch().headers.isEmpty() && existing.backends.isEmpty() &&
            !existing.service.isEmpty())
            main = i;
    }
    const bool takes = !notes.canaryHeader.isEmpty() || !notes.canaryCookie.isEmpty() ||
                       notes.canaryWeight.has_value();
    if (main < 0 || !takes) {
        m_session.warning(node, QStringLiteral("canary Ingress path %1: %2; not imported")
                                    .arg(canary.firstMatch().path,
                                         takes ? QStringLiteral("no main Ingress for this host "
                                                                "and path before it")
                                               : QStringLiteral("no canary-by-header, "
                                                                "canary-by-cookie or "
                                                                "canary-weight: it takes no "
                                                                "requests")));
        return;
    }
    const Route base = host.routes[main];
    auto byHeader = [&](const HeaderMatch &match) {
        Route route = base;
        route.service = canary.service;
        route.src = canary.src;
        for (RouteMatchRule &rule : route.matches)
            rule.headers << match;
        host.routes << route;
    };
    if (!notes.canaryHeader.isEmpty()) {
        if (!notes.canaryHeaderPattern.isEmpty())
            byHeader(
                {notes.canaryHeader, notes.canaryHeaderPattern, ValueMatch::RegularExpression});
        else
            byHeader({notes.canaryHeader,
                      notes.canaryHeaderValue.isEmpty() ? QStringLiteral("always")
                                                        : notes.canaryHeaderValue,
                      ValueMatch::Exact});
    }
    if (!notes.canaryCookie.isEmpty())
        byHeader({QStringLiteral("Cookie"),
                  QStringLiteral("(.*;\\s*)?%1=always(\\s*;.*)?")
                      .arg(QRegularExpression::escape(notes.canaryCookie)),
                  ValueMatch::RegularExpression});
    if (notes.canaryWeight) {
        Route &split = host.routes[main];
        const int total = notes.canaryWeightTotal;
        const int weight = std::clamp(*notes.canaryWeight, 0, total);
        split.backends = {RouteBackend{split.service, total - weight, split.src},
                          RouteBackend{canary.service, weight, canary.src}};
        split.service.clear();
    }
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
