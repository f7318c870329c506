#include "export/traefikbuilder.h"

#include "export/exportpolicy.h"
#include "export/traefikpolicy.h"
#include "model/topology/enums.h"

namespace ingress {

using namespace exportsupport;

namespace {

std::string s(const QString &text) {
    return text.toStdString();
}

QString literal(const QString &text) {
    return u'`' + text + u'`';
}

// Router priorities: a host's routes get kTop - position in precedence; catch-alls sit below.
constexpr int kTop = 100000;
constexpr int kEveryHostTop = 50000; // the '*' host's routes: below every named host's own
constexpr int kHostCatchAll = 2;
constexpr int kDefault = 1;

} // namespace

QString TraefikBuilder::hostRule(const VirtualHost &host, const Listener &listener) const {
    if (host.isCatchAll())
        return {}; // every host: no Host() condition, ranked below the named hosts' routers
    if (!host.isWildcard())
        return QStringLiteral("Host(%1)").arg(literal(host.host.toLower()));
    // One label, as the engine's wildcard; exact hosts of this listener win (no
    // fall-through), so they are excluded here rather than ranked.
    QString rule =
        QStringLiteral("HostRegexp(%1)")
            .arg(literal(QStringLiteral("^[^.]+%1$").arg(escapeRegex(host.host.mid(1).toLower()))));
    for (const VirtualHost &other : m_topology.hosts)
        if (!other.isWildcard() && servesOn(other, listener) &&
            other.host.toLower().endsWith(host.host.mid(1).toLower()) &&
            !other.host.mid(0, other.host.size() - host.host.size() + 1).contains(u'.'))
            rule += QStringLiteral(" && !Host(%1)").arg(literal(other.host.toLower()));
    return rule;
}

QString TraefikBuilder::pathRule(const CompiledRoute &route, const QString &subject) {
    const QString path = QString::fromStdString(route.path);
    switch (route.type) {
    case PathType::Exact:
        return QStringLiteral("Path(%1)").arg(literal(path));
    case PathType::Prefix: {
        // Traefik's PathPrefix is a string prefix; the engine's is element-wise.
        const QString key = prefixKey(route);
        if (key.isEmpty())
            return {};
        return QStringLiteral("(Path(%1) || PathPrefix(%2))")
            .arg(literal(key), literal(key + u'/'));
    }
    case PathType::Regex:
        if (const QString bad = re2Incompatibility(path); !bad.isEmpty())
            warn(subject, {}, QStringLiteral("Traefik's regex engine (RE2) has no '%1'").arg(bad));
        return QStringLiteral("PathRegexp(%1)").arg(literal(path));
    }
    return {};
}

// A split becomes a Traefik weighted service over the services' load balancers. Drained
// backends (weight 0) are left out rather than trusting every Traefik version with a zero.
QString TraefikBuilder::splitService(const Route &route, const QString &id,
                                     const QString &subject) {
    QList<std::pair<QString, int>> parts;
    for (const RouteBackend &b : route.backends) {
        const Service *service = m_topology.findService(b.service);
        if (!service) {
            warn(subject, b.src.node,
                 QStringLiteral("no service '%1'; left out of the split").arg(b.service));
            continue;
        }
        if (b.weight > 0)
            parts.append({serviceName(*service), b.weight});
    }
    if (parts.isEmpty()) {
        warn(subject, route.src.at(QStringLiteral("backends")),
             QStringLiteral("the split sends nowhere (every weight is 0); Traefik rejects an "
                            "empty weighted service, the router is not exported"));
        return {};
    }
    const QString name = QStringLiteral("split-") + id;
    m_splits[name] = parts;
    return name;
}

void TraefikBuilder::addListener(const Listener &listener) {
    const QString ep = identifier(listener.name);
    const bool tls = listener.protocol == Protocol::Https;
    const Service *fallback = m_topology.findService(m_topology.defaultService);
    for (int h = 0; h < m_topology.hosts.size(); ++h) {
        const VirtualHost &host = m_topology.hosts[h];
        if (!servesOn(host, listener))
            continue;
        const CompiledHost &compiled = m_table->hosts()[std::size_t(h)];
        QString redirect;
        if (!tls)
            if (const Listener *https = httpsRedirectTarget(m_topology, host)) {
                YAML::Node spec;
                spec["redirectScheme"]["scheme"] = "https";
                spec["redirectScheme"]["port"] = std::to_string(listenerPort(*https));
                spec["redirectScheme"]["permanent"] = true;
                redirect =
                    middleware(QStringLiteral("to-https-%1").arg(identifier(https->name)), spec);
            }
        for (int i : precedence(compiled))
            addRoute(host, compiled, i, listener, redirect);
        // What no route takes goes to the '*' host's routers (ranked below), then to the default
        // service (or Traefik's 404). The '*' host's default is the global one.
        if (fallback && !host.isCatchAll()) {
            Router r{QStringLiteral("%1-h%2-default").arg(ep).arg(h),
                     ep,
                     hostRule(host, listener),
                     serviceName(*fallback),
                     kHostCatchAll,
                     {},
                     tls};
            if (!redirect.isEmpty())
                r.middlewares << redirect;
            m_routers << r;
        }
    }
    if (fallback)
        m_routers << Router{QStringLiteral("%1-default").arg(ep),
                            ep,
                            QStringLiteral("PathPrefix(`/`)"),
                            serviceName(*fallback),
                            kDefault,
                            {},
                            tls};
}

void TraefikBuilder::addRoute(const VirtualHost &host, const CompiledHost &compiled, int index,
                              const Listener &listener, const QString &httpsRedirect) {
    // `index`: a position in compiled.routes; the document's route is cr.index.
    const CompiledRoute &cr = compiled.routes[std::size_t(index)];
    const Route &route = modelRoute(host, cr);
    const QString subject = routeSubject(host, cr);
    const QString ep = identifier(listener.name);
    const QString id = QStringLiteral("%1-h%2-").arg(ep).arg(compiled.index) + routeId(cr);
    QStringList rule;
    if (const QString h = hostRule(host, listener); !h.isEmpty())
        rule << h;
    if (const QString path = pathRule(cr, subject); !path.isEmpty())
        rule << path;
    if (rule.isEmpty())
        rule << QStringLiteral("PathPrefix(`/`)");
    QStringList methods;
    for (const std::string &method : cr.methods)
        methods << QStringLiteral("Method(%1)").arg(literal(QString::fromStdString(method)));
    if (!methods.isEmpty())
        rule << (methods.size() == 1 ? methods.first()
                                     : u'(' + methods.join(QStringLiteral(" || ")) + u')');
    for (const CompiledValueMatch &header : cr.headers)
        rule << (header.isRegex ? QStringLiteral("HeaderRegexp(%1, %2)")
                                : QStringLiteral("Header(%1, %2)"))
                    .arg(literal(QString::fromStdString(header.name)),
                         literal(header.isRegex ? QStringLiteral("^(?:%1)$")
                                                      .arg(QString::fromStdString(header.value))
                                                : QString::fromStdString(header.value)));
    for (const CompiledValueMatch &query : cr.queryParams)
        rule << (query.isRegex ? QStringLiteral("QueryRegexp(%1, %2)")
                               : QStringLiteral("Query(%1, %2)"))
                    .arg(literal(QString::fromStdString(query.name)),
                         literal(query.isRegex ? QStringLiteral("^(?:%1)$")
                                                     .arg(QString::fromStdString(query.value))
                                               : QString::fromStdString(query.value)));
    const int position =
        int(std::find(compiled.precedence.begin(), compiled.precedence.end(), index) -
            compiled.precedence.begin());
    Router r{id,
             ep,
             rule.join(QStringLiteral(" && ")),
             {},
             (host.isCatchAll() ? kEveryHostTop : kTop) - position,
             {},
             listener.protocol == Protocol::Https};
    // The policy first: it comes before whatever the route answers.
    if (httpsRedirect.isEmpty())
        if (const auto policy = exportpolicy::routePolicy(m_topology, compiled.index, cr)) {
            if (const auto browser = traefik::browserMiddleware(*policy, m_result.warnings))
                r.middlewares << middleware(id + browser->suffix, browser->spec);
            for (const traefik::PolicyMiddleware &m :
                 traefik::policyMiddlewares(m_topology, *policy, listener, m_result.warnings))
                r.middlewares << middleware(id + m.suffix, m.spec);
        }
    if (!httpsRedirect.isEmpty()) {
        r.middlewares << httpsRedirect;
        r.service = QStringLiteral("noop@internal");
    } else if (cr.redirect) {
        r.middlewares << redirectMiddleware(cr, listener, id, subject);
        r.service = QStringLiteral("noop@internal");
    } else {
        if (route.maxBodySize) {
            YAML::Node spec;
            spec["buffering"]["maxRequestBodyBytes"] = *route.maxBodySize;
            r.middlewares << middleware(id + QStringLiteral("-body"), spec);
        }
        if (route.timeout)
            warn(subject, route.src.at(QStringLiteral("timeout")),
                 QStringLiteral("Traefik sets timeouts per service (serversTransport), not per "
                                "router; the service's timeout applies"));
        r.middlewares << rewriteMiddlewares(route, cr, id);
        if (route.rewritePath) {
            YAML::Node spec;
            spec["replacePath"]["path"] =
                s(route.rewritePath->isEmpty() ? QStringLiteral("/") : *route.rewritePath);
            r.middlewares << middleware(id + QStringLiteral("-path"), spec);
        }
        // The headers middleware sets a header, or removes it with an empty value; it cannot
        // add a second value (reported).
        YAML::Node headers;
        for (const HeaderValue &h : route.requestHeaders.set)
            headers["customRequestHeaders"][s(h.name)] = s(h.value);
        for (const QString &name : route.requestHeaders.remove)
            headers["customRequestHeaders"][s(name)] = "";
        for (const HeaderValue &h : route.responseHeaders.set)
            headers["customResponseHeaders"][s(h.name)] = s(h.value);
        for (const QString &name : route.responseHeaders.remove)
            headers["customResponseHeaders"][s(name)] = "";
        if (headers.size() > 0) {
            YAML::Node spec;
            spec["headers"] = headers;
            r.middlewares << middleware(id + QStringLiteral("-headers"), spec);
        }
        warnUnsupported(host, cr,
                        QueryParamExact | QueryParamRegex | HeaderRegex | RequestHeaderSet |
                            RequestHeaderRemove | ResponseHeaderSet | ResponseHeaderRemove |
                            RewritePath | Mirror | MirrorPercent,
                        QStringLiteral("Traefik"), m_result.warnings);
        if (!route.backends.isEmpty()) {
            r.service = splitService(route, id, subject);
            if (r.service.isEmpty())
                return;
        } else {
            const Service *service = m_topology.findService(route.service);
            if (!service) {
                warn(subject, route.src.node,
                     QStringLiteral("no service '%1'; Traefik rejects the router")
                         .arg(route.service));
                return;
            }
            r.service = serviceName(*service);
        }
        // Mirrors: a mirroring service in front of the router's own.
        QList<std::pair<QString, int>> mirrors;
        for (const RouteMirror &mirror : route.mirrors)
            if (const Service *copy = m_topology.findService(mirror.service))
                mirrors.append({serviceName(*copy), mirror.percent});
        if (!mirrors.isEmpty()) {
            const QString name = QStringLiteral("mirror-") + id;
            m_mirrors[name] = {r.service, mirrors};
            r.service = name;
        }
    }
    m_routers << r;
}

QStringList TraefikBuilder::rewriteMiddlewares(const Route &route, const CompiledRoute &cr,
                                               const QString &id) {
    if (!route.rewritePrefix)
        return {};
    // The forms of routing::replaceMatched.
    const PathReplacement replacement = pathReplacement(*route.rewritePrefix);
    auto regexRule = [&](const QString &suffix, const QString &regex, const QString &to) {
        YAML::Node spec;
        spec["replacePathRegex"]["regex"] = s(regex);
        spec["replacePathRegex"]["replacement"] = s(to);
        return middleware(id + suffix, spec);
    };
    switch (cr.type) {
    case PathType::Exact: {
        YAML::Node spec;
        spec["replacePath"]["path"] = s(replacement.whole);
        return {middleware(id + QStringLiteral("-rewrite"), spec)};
    }
    case PathType::Prefix: {
        const QString key = escapeRegex(prefixKey(cr));
        if (replacement.whole == replacement.base)
            return {regexRule(QStringLiteral("-rewrite"), QStringLiteral("^%1(/.*)?$").arg(key),
                              replacement.base + QStringLiteral("${1}"))};
        return {regexRule(QStringLiteral("-rewrite"), QStringLiteral("^%1(/.*)$").arg(key),
                          replacement.base + QStringLiteral("${1}")),
                regexRule(QStringLiteral("-rewrite-whole"), QStringLiteral("^%1$").arg(key),
                          replacement.whole)};
    }
    case PathType::Regex: {
        const RegexAroundMatch around = regexAroundMatch(cr);
        return {regexRule(
            QStringLiteral("-rewrite"), around.pattern,
            QStringLiteral("${1}%1${%2}").arg(*route.rewritePrefix).arg(around.tailGroup))};
    }
    }
    return {};
}

QString TraefikBuilder::redirectMiddleware(const CompiledRoute &route, const Listener &listener,
                                           const QString &id, const QString &subject) {
    const RedirectPlan plan = planRedirect(route, listener);
    if (plan.code != 301 && plan.code != 302 && plan.code != 307 && plan.code != 308)
        warn(subject, route.redirect->src.at(QStringLiteral("code")),
             QStringLiteral("Traefik only knows permanent and temporary redirects"));
    // redirectRegex rewrites the whole request URL: scheme://host[:port]path[?query].
    QString regex = QStringLiteral("^[a-z]+://([^/:]+)(:[0-9]+)?");
    QString to = plan.scheme + QStringLiteral("://") +
                 (plan.host.isEmpty() ? QStringLiteral("${1}") : plan.host) +
                 (plan.portFromHost ? QStringLiteral("${2}") : plan.portSuffix);
    switch (plan.mode) {
    case RedirectPlan::PathMode::Request:
        regex += QStringLiteral("(.*)$");
        to += QStringLiteral("${3}");
        break;
    case RedirectPlan::PathMode::Fixed:
        regex += QStringLiteral("[^?]*(.*)$");
        to += plan.path + QStringLiteral("${3}");
        break;
    case RedirectPlan::PathMode::ReplaceMatch:
        if (route.type == PathType::Regex) {
            const RegexAroundMatch around = regexAroundMatch(route);
            QString inner = around.pattern.mid(1);
            inner.chop(5); // "(.*)$": the tail stops at the query here
            regex += inner + QStringLiteral("([^?]*)(.*)$");
            to += QStringLiteral("${3}%1${%2}${%3}")
                      .arg(plan.path)
                      .arg(around.tailGroup + 2)
                      .arg(around.tailGroup + 3);
        } else {
            const QString key = escapeRegex(prefixKey(route));
            regex += key + QStringLiteral("(/[^?]*)?(.*)$");
            to += plan.replacement.base + QStringLiteral("${3}${4}");
            if (plan.replacement.whole != plan.replacement.base)
                warn(subject, route.redirect->src.at(QStringLiteral("prefixPath")),
                     QStringLiteral("Traefik's redirectRegex cannot tell the bare prefix from a "
                                    "longer path; %1 redirects to %2 rather than %3")
                         .arg(QString::fromStdString(route.path),
                              plan.replacement.base.isEmpty() ? QStringLiteral("''")
                                                              : plan.replacement.base,
                              plan.replacement.whole));
        }
        break;
    }
    YAML::Node spec;
    spec["redirectRegex"]["regex"] = s(regex);
    spec["redirectRegex"]["replacement"] = s(to);
    spec["redirectRegex"]["permanent"] = plan.code == 301 || plan.code == 308;
    return middleware(id + QStringLiteral("-redirect"), spec);
}

} // namespace ingress
