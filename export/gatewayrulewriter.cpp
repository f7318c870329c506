#include "export/gatewayrulewriter.h"

#include "export/exportpolicy.h"
#include "export/exportsupport.h"
#include "export/gatewaypolicy.h"
#include "export/stickyexport.h"

#include <map>

namespace ingress::gatewayapi {

using namespace exportsupport;

namespace {

std::string s(const QString &text) {
    return text.toStdString();
}

// Gateway API Duration: up to 5 digits per unit.
std::string gatewayDuration(Duration duration) {
    const qint64 ms = duration.count();
    if (ms % 1000 == 0 && ms / 1000 <= 99999)
        return std::to_string(ms / 1000) + "s";
    if (ms <= 99999)
        return std::to_string(ms) + "ms";
    return std::to_string((ms + 999) / 1000) + "s";
}

// GEP-1619: the cookie's name, and with a ttl a permanent cookie that lives that long.
YAML::Node sessionPersistence(const StickySession &sticky) {
    YAML::Node node;
    node["sessionName"] = s(sticky.cookie.trimmed());
    node["type"] = "Cookie";
    if (sticky.ttl)
        node["absoluteTimeout"] = gatewayDuration(*sticky.ttl);
    node["cookieConfig"]["lifetimeType"] = sticky.ttl ? "Permanent" : "Session";
    return node;
}

} // namespace

YAML::Node RuleWriter::backend(const Service &service) const {
    YAML::Node ref;
    ref["name"] = s(service.name);
    if (service.effectiveNamespace() != QStringLiteral("default"))
        ref["namespace"] = s(service.effectiveNamespace());
    ref["port"] = service.port;
    return ref;
}

YAML::Node RuleWriter::hostRules(int hostIndex) {
    const VirtualHost &host = m_topology.hosts[hostIndex];
    const CompiledHost &compiled = m_table->hosts()[std::size_t(hostIndex)];
    YAML::Node rules;
    bool catchAll = false;
    std::map<std::string, int> conditionalByPath;
    for (int i : precedence(compiled)) {
        const CompiledRoute &route = compiled.routes[std::size_t(i)];
        if (route.type == PathType::Prefix && route.prefixKey.empty() && isUnconditional(route))
            catchAll = true;
        if (!isUnconditional(route) &&
            ++conditionalByPath[std::to_string(int(route.type)) + route.path] == 2)
            warn(routeSubject(host, route), modelRoute(host, route).src.node,
                 QStringLiteral("Gateway API orders rules of the same path by its own "
                                "specificity (method, then number of headers), not by file "
                                "order"));
        const YAML::Node rule = routeRule(host, compiled, i);
        if (rule.size() > 0)
            rules.push_back(rule);
    }
    // The engine tries the '*' host's routes when none of this host's take a request; Gateway
    // API picks one HTTPRoute by hostname, so they are repeated here, before the default.
    for (const Listener &listener : m_topology.listeners) {
        const int every = catchAllHost(m_topology, listener);
        if (every < 0 || every == hostIndex || !servesOn(host, listener))
            continue;
        const VirtualHost &all = m_topology.hosts[every];
        const CompiledHost &allCompiled = m_table->hosts()[std::size_t(every)];
        for (int i : precedence(allCompiled)) {
            const CompiledRoute &route = allCompiled.routes[std::size_t(i)];
            if (route.type == PathType::Prefix && route.prefixKey.empty() && isUnconditional(route))
                catchAll = true;
            const YAML::Node rule = routeRule(all, allCompiled, i);
            if (rule.size() > 0)
                rules.push_back(rule);
        }
        if (!host.routes.isEmpty() && !all.routes.isEmpty())
            warn(hostSubject(host), host.src.node,
                 QStringLiteral("Gateway API ranks rules by match specificity, not order: a "
                                "route of the '*' host may take a request a less specific route "
                                "of this host would take in the engine"));
        break;
    }
    // No fall-through: the default service answers what no route of the host takes.
    const Service *fallback = m_topology.findService(m_topology.defaultService);
    if (fallback && !catchAll) {
        YAML::Node rule, match;
        match["path"]["type"] = "PathPrefix";
        match["path"]["value"] = "/";
        rule["matches"].push_back(match);
        rule["backendRefs"].push_back(backend(*fallback));
        rules.push_back(rule);
    }
    return rules;
}

YAML::Node RuleWriter::routeRule(const VirtualHost &host, const CompiledHost &compiled, int index) {
    const CompiledRoute &cr = compiled.routes[std::size_t(index)];
    const Route &route = modelRoute(host, cr);
    const QString subject = routeSubject(host, cr);
    YAML::Node rule;
    YAML::Node path;
    switch (cr.type) {
    case PathType::Exact:
        path["type"] = "Exact";
        path["value"] = cr.path;
        break;
    case PathType::Prefix:
        path["type"] = "PathPrefix";
        path["value"] = cr.prefixKey.empty() ? std::string("/") : cr.prefixKey;
        break;
    case PathType::Regex:
        path["type"] = "RegularExpression";
        path["value"] = cr.path;
        warn(subject, route.src.node,
             QStringLiteral("RegularExpression path matches are implementation-specific (regex "
                            "dialect, anchoring, precedence)"));
        break;
    }
    // The names as written: the compiled ones are lower case for matching.
    const auto valueMatches = [](const QList<HeaderMatch> &list) {
        YAML::Node nodes;
        for (const HeaderMatch &m : list) {
            YAML::Node n;
            n["type"] = m.type == ValueMatch::RegularExpression ? "RegularExpression" : "Exact";
            n["name"] = s(m.name);
            n["value"] = s(m.value);
            nodes.push_back(n);
        }
        return nodes;
    };
    const YAML::Node headers = valueMatches(route.matches[cr.match].headers);
    const YAML::Node queryParams = valueMatches(route.matches[cr.match].queryParams);
    // One match per method: matches are ORed, conditions within a match ANDed.
    const std::vector<std::string> methods =
        cr.methods.empty() ? std::vector<std::string>{std::string()} : cr.methods;
    for (const std::string &method : methods) {
        YAML::Node match;
        match["path"] = path;
        if (headers.size() > 0)
            match["headers"] = headers;
        if (queryParams.size() > 0)
            match["queryParams"] = queryParams;
        if (!method.empty())
            match["method"] = method;
        rule["matches"].push_back(match);
    }
    auto modifier = [&](const char *type, const char *field, const HeaderFilter &f) {
        if (f.isEmpty())
            return;
        YAML::Node filter;
        filter["type"] = type;
        for (const HeaderValue &h : f.set) {
            YAML::Node v;
            v["name"] = s(h.name);
            v["value"] = s(h.value);
            filter[field]["set"].push_back(v);
        }
        for (const HeaderValue &h : f.add) {
            YAML::Node v;
            v["name"] = s(h.name);
            v["value"] = s(h.value);
            filter[field]["add"].push_back(v);
        }
        for (const QString &name : f.remove)
            filter[field]["remove"].push_back(s(name));
        rule["filters"].push_back(filter);
    };
    gatewayapi::RulePolicy rulePolicy(m_topology, m_result.warnings);
    const auto policy = exportpolicy::routePolicy(m_topology, compiled.index, cr);
    if (policy) {
        if (const YAML::Node cors = rulePolicy.corsFilter(*policy);
            cors.IsDefined() && !cors.IsNull())
            rule["filters"].push_back(cors);
        rulePolicy.reportChecks(*policy);
    }
    // The route's response headers with the policy's security headers set over them.
    const HeaderFilter responseHeaders =
        policy ? rulePolicy.responseHeaders(route.responseHeaders, *policy) : route.responseHeaders;
    if (cr.redirect) {
        rule["filters"].push_back(redirectFilter(
            cr, m_topology.listeners.isEmpty() ? Listener{} : m_topology.listeners.first(),
            subject));
        if (policy)
            modifier("ResponseHeaderModifier", "responseHeaderModifier",
                     rulePolicy.responseHeaders({}, *policy));
        return rule;
    }
    // One URLRewrite filter per rule: path and hostname together.
    YAML::Node urlRewrite;
    if (!route.rewriteHost.isEmpty())
        urlRewrite["hostname"] = s(route.rewriteHost);
    if (route.rewritePath) {
        urlRewrite["path"]["type"] = "ReplaceFullPath";
        urlRewrite["path"]["replaceFullPath"] =
            s(route.rewritePath->isEmpty() ? QStringLiteral("/") : *route.rewritePath);
    }
    if (route.rewritePrefix) {
        if (cr.type == PathType::Prefix) {
            urlRewrite["path"]["type"] = "ReplacePrefixMatch";
            urlRewrite["path"]["replacePrefixMatch"] =
                s(route.rewritePrefix->isEmpty() ? QStringLiteral("/") : *route.rewritePrefix);
        } else if (cr.type == PathType::Exact) {
            urlRewrite["path"]["type"] = "ReplaceFullPath";
            urlRewrite["path"]["replaceFullPath"] = s(pathReplacement(*route.rewritePrefix).whole);
        } else {
            warn(subject, route.src.at(QStringLiteral("rewritePrefix")),
                 QStringLiteral("Gateway API cannot rewrite the part a regex matched; not "
                                "exported"));
        }
    }
    if (urlRewrite.size() > 0) {
        YAML::Node filter;
        filter["type"] = "URLRewrite";
        filter["urlRewrite"] = urlRewrite;
        rule["filters"].push_back(filter);
    }
    modifier("RequestHeaderModifier", "requestHeaderModifier", route.requestHeaders);
    modifier("ResponseHeaderModifier", "responseHeaderModifier", responseHeaders);
    for (const RouteMirror &mirror : route.mirrors) {
        const Service *service = m_topology.findService(mirror.service);
        if (!service) {
            warn(subject, mirror.src.node,
                 QStringLiteral("no service '%1'; the mirror is not exported").arg(mirror.service));
            continue;
        }
        YAML::Node filter;
        filter["type"] = "RequestMirror";
        filter["requestMirror"]["backendRef"] = backend(*service);
        if (mirror.percent < 100)
            filter["requestMirror"]["percent"] = mirror.percent;
        rule["filters"].push_back(filter);
    }
    if (route.respond)
        warn(subject, route.src.at(QStringLiteral("respond")),
             QStringLiteral("Gateway API has no direct response (respond %1); not exported")
                 .arg(route.respond->status));
    if (route.maxBodySize)
        warn(subject, route.src.at(QStringLiteral("maxBodySize")),
             QStringLiteral("Gateway API has no request body limit; not exported"));
    if (route.timeout)
        rule["timeouts"]["request"] = gatewayDuration(*route.timeout);
    if (const auto sticky = stickyexport::ruleSession(
            m_topology, route, [&](const QString &m) { warn(subject, route.src.node, m); }))
        rule["sessionPersistence"] = sessionPersistence(*sticky);
    if (!route.backends.isEmpty()) {
        // A split is what backendRefs[].weight is for; weight 0 is valid Gateway API (drained).
        for (const RouteBackend &b : route.backends) {
            const Service *service = m_topology.findService(b.service);
            if (!service) {
                warn(subject, b.src.node,
                     QStringLiteral("no service '%1'; left out of the split").arg(b.service));
                continue;
            }
            YAML::Node ref = backend(*service);
            ref["weight"] = b.weight;
            rule["backendRefs"].push_back(ref);
        }
        return rule;
    }
    const Service *service = m_topology.findService(route.service);
    if (!service) {
        warn(subject, route.src.node,
             QStringLiteral("no service '%1'; the rule has no backend (500)").arg(route.service));
        return rule;
    }
    rule["backendRefs"].push_back(backend(*service));
    return rule;
}

YAML::Node RuleWriter::redirectFilter(const CompiledRoute &route, const Listener &listener,
                                      const QString &subject) {
    const Redirect &r = *route.redirect;
    const RedirectPlan plan = planRedirect(route, listener);
    YAML::Node filter;
    filter["type"] = "RequestRedirect";
    YAML::Node redirect;
    if (!r.scheme.isEmpty())
        redirect["scheme"] = s(r.scheme.toLower());
    if (!r.host.isEmpty())
        redirect["hostname"] = s(r.host);
    if (r.port)
        redirect["port"] = *r.port;
    switch (plan.mode) {
    case RedirectPlan::PathMode::Request:
        break;
    case RedirectPlan::PathMode::Fixed:
        redirect["path"]["type"] = "ReplaceFullPath";
        redirect["path"]["replaceFullPath"] = s(plan.path);
        break;
    case RedirectPlan::PathMode::ReplaceMatch:
        if (route.type == PathType::Prefix) {
            redirect["path"]["type"] = "ReplacePrefixMatch";
            redirect["path"]["replacePrefixMatch"] = s(r.prefixPath);
        } else {
            warn(subject, r.src.at(QStringLiteral("prefixPath")),
                 QStringLiteral("Gateway API cannot replace the part a regex matched; the "
                                "redirect keeps the request path"));
        }
        break;
    }
    int code = r.code;
    if (code != 301 && code != 302) {
        code = (code == 308) ? 301 : 302;
        warn(subject, r.src.at(QStringLiteral("code")),
             QStringLiteral("Gateway API v1 redirects with 301 or 302 only; %1 becomes %2")
                 .arg(r.code)
                 .arg(code));
    }
    redirect["statusCode"] = code;
    if (!r.port && r.scheme.isEmpty())
        warn(subject, r.src.node,
             QStringLiteral("a Gateway keeps the listener's port where the engine keeps the "
                            "port of the Host header; they differ only behind port mapping"));
    filter["requestRedirect"] = redirect;
    return filter;
}

} // namespace ingress::gatewayapi
