#include "model/yaml/yamlmap.h"
#include "model/yaml/yamlsections.h"
#include "model/yaml/yamlsupport.h"

namespace ingress::yaml {

namespace {

Redirect readRedirect(YamlContext &context, const Node *node) {
    Redirect redirect;
    YamlMap map(context, node, QStringLiteral("redirect"), redirect.src,
                {"scheme", "host", "port", "path", "prefixPath", "code"});
    if (!map.isValid())
        return redirect;
    map.readString("scheme", redirect.scheme);
    map.readString("host", redirect.host);
    map.readInt("port", redirect.port, 1, 65535, QStringLiteral("a port number 1-65535"));
    map.readString("path", redirect.path);
    map.readString("prefixPath", redirect.prefixPath);
    // The redirect codes browsers follow; others would leave the client stranded.
    std::optional<int> code;
    map.readInt("code", code, 300, 399,
                QStringLiteral("a redirect status 301, 302, 303, 307 or 308"));
    if (code && *code != 301 && *code != 302 && *code != 303 && *code != 307 && *code != 308) {
        context.error(rule::invalidValue, redirect.src.at(QStringLiteral("code")),
                      QStringLiteral("'code': expected a redirect status 301, 302, 303, 307 or "
                                     "308, got '%1'")
                          .arg(*code));
    } else if (code) {
        redirect.code = *code;
    }
    return redirect;
}

DirectResponse readRespond(YamlContext &context, const Node *node) {
    DirectResponse respond;
    YamlMap map(context, node, QStringLiteral("respond"), respond.src, {"status", "body"},
                {"status"});
    if (!map.isValid())
        return respond;
    std::optional<int> status;
    map.readInt("status", status, 200, 599, QStringLiteral("an HTTP status 200-599"));
    respond.status = status.value_or(respond.status);
    map.readString("body", respond.body);
    return respond;
}

RouteBackend readBackend(YamlContext &context, const Node *node) {
    RouteBackend backend;
    YamlMap map(context, node, QStringLiteral("backend"), backend.src, {"service", "weight"},
                {"service"});
    if (!map.isValid())
        return backend;
    map.readString("service", backend.service);
    map.readInt("weight", backend.weight, 0, 1000000, QStringLiteral("a weight 0-1000000"));
    return backend;
}

// `headers` / `queryParams`: a mapping of name: value (all Exact), or, to say the match type, a
// sequence of {name, value, type}.
QList<HeaderMatch> readValueMatches(YamlContext &context, YamlMap &map, const char *key) {
    QList<HeaderMatch> matches;
    if (!map.has(key))
        return matches;
    const Node *node = map.value(key);
    if (node && node->isSequence()) {
        for (const Node *item : map.sequence(key, QStringLiteral("match"))) {
            HeaderMatch match;
            SourceMap src;
            YamlMap entry(context, item, QStringLiteral("match"), src, {"name", "value", "type"},
                          {"name", "value"});
            if (!entry.isValid())
                continue;
            entry.readString("name", match.name);
            entry.readString("value", match.value);
            entry.readEnum("type", match.type, QStringLiteral("match type"));
            matches << match;
        }
        return matches;
    }
    QList<std::pair<QString, QString>> pairs;
    map.readStringPairs(key, pairs);
    for (const auto &[name, value] : pairs)
        matches << HeaderMatch{name, value, ValueMatch::Exact};
    return matches;
}

// The conditions of one match, from the route itself (the one-match form) or an entry of
// `matches`. `src` is where they were written.
void readMatchFields(YamlContext &context, YamlMap &map, RouteMatchRule &match) {
    map.readString("path", match.path);
    map.readEnum("pathType", match.pathType, QStringLiteral("path type"));
    map.readStringList("methods", match.methods);
    match.headers = readValueMatches(context, map, "headers");
    match.queryParams = readValueMatches(context, map, "queryParams");
}

RouteMatchRule readMatch(YamlContext &context, const Node *node) {
    RouteMatchRule match;
    YamlMap map(context, node, QStringLiteral("match"), match.src,
                {"path", "pathType", "methods", "headers", "queryParams"});
    if (map.isValid())
        readMatchFields(context, map, match);
    return match;
}

HeaderFilter readHeaderFilter(YamlContext &context, const Node *node, const QString &what) {
    HeaderFilter filter;
    YamlMap map(context, node, what, filter.src, {"set", "add", "remove"});
    if (!map.isValid())
        return filter;
    for (const char *key : {"set", "add"}) {
        QList<std::pair<QString, QString>> pairs;
        map.readStringPairs(key, pairs);
        QList<HeaderValue> &out = qstrcmp(key, "set") == 0 ? filter.set : filter.add;
        for (const auto &[name, value] : pairs)
            out << HeaderValue{name, value};
    }
    map.readStringList("remove", filter.remove);
    return filter;
}

RouteMirror readMirror(YamlContext &context, const Node *node) {
    RouteMirror mirror;
    YamlMap map(context, node, QStringLiteral("mirror"), mirror.src, {"service", "percent"},
                {"service"});
    if (!map.isValid())
        return mirror;
    map.readString("service", mirror.service);
    map.readInt("percent", mirror.percent, 0, 100, QStringLiteral("a percentage 0-100"));
    return mirror;
}

Route readRoute(YamlContext &context, const Node *node) {
    Route route;
    YamlMap map(context, node, QStringLiteral("route"), route.src,
                {"path", "pathType", "methods", "headers", "queryParams", "matches", "service",
                 "backends", "rewritePrefix", "rewritePath", "rewriteHost", "requestHeaders",
                 "responseHeaders", "mirrors", "redirect", "respond", "maxBodySize", "timeout",
                 "policy"});
    if (!map.isValid())
        return route;
    const bool oneMatchForm = map.has("path") || map.has("pathType") || map.has("methods") ||
                              map.has("headers") || map.has("queryParams");
    if (map.has("matches")) {
        // Both would leave it unclear which conditions hold; refusing is safer than guessing.
        if (oneMatchForm)
            context.error(rule::invalidValue, map.keyLocation("matches"),
                          QStringLiteral("'matches': a route has either 'matches' or its own "
                                         "'path', 'pathType', 'methods', 'headers' and "
                                         "'queryParams', not both"));
        QList<RouteMatchRule> matches;
        for (const Node *match : map.sequence("matches", QStringLiteral("match")))
            matches << readMatch(context, match);
        if (!matches.isEmpty())
            route.matches = matches;
    } else {
        // Read through the route's own map, so the locations land in route.src first.
        readMatchFields(context, map, route.firstMatch());
        route.firstMatch().src = route.src;
    }
    map.readString("service", route.service);
    for (const Node *backend : map.sequence("backends", QStringLiteral("backend")))
        route.backends << readBackend(context, backend);
    // Both would leave it unclear which wins; refusing is safer than guessing.
    if (!route.service.isEmpty() && !route.backends.isEmpty())
        context.error(rule::invalidValue, route.src.at(QStringLiteral("backends")),
                      QStringLiteral("'backends': a route has either 'service' or 'backends', "
                                     "not both"));
    map.readString("rewritePrefix", route.rewritePrefix);
    map.readString("rewritePath", route.rewritePath);
    if (route.rewritePrefix && route.rewritePath)
        context.error(rule::invalidValue, route.src.at(QStringLiteral("rewritePath")),
                      QStringLiteral("'rewritePath': a route has either 'rewritePrefix' or "
                                     "'rewritePath', not both"));
    map.readString("rewriteHost", route.rewriteHost);
    if (map.has("requestHeaders"))
        route.requestHeaders = readHeaderFilter(context, map.value("requestHeaders"),
                                                QStringLiteral("requestHeaders"));
    if (map.has("responseHeaders"))
        route.responseHeaders = readHeaderFilter(context, map.value("responseHeaders"),
                                                 QStringLiteral("responseHeaders"));
    for (const Node *mirror : map.sequence("mirrors", QStringLiteral("mirror")))
        route.mirrors << readMirror(context, mirror);
    if (map.has("redirect"))
        route.redirect = readRedirect(context, map.value("redirect"));
    if (map.has("respond"))
        route.respond = readRespond(context, map.value("respond"));
    map.readByteSize("maxBodySize", route.maxBodySize);
    map.readDuration("timeout", route.timeout);
    if (map.has("policy"))
        route.policy = readPolicy(context, map.value("policy"));
    // Judged by value: "service: ''" names no service, and the writer leaves it out.
    // A `backends` that is there but unreadable has its own error; no second one here.
    if (!route.hasBackend() && !route.redirect && !route.respond && !map.has("backends"))
        context.error(rule::missingField, route.src.node,
                      QStringLiteral("missing required field 'service' in this route (a route "
                                     "needs 'service', 'backends', 'redirect' or 'respond')"));
    return route;
}

} // namespace

VirtualHost readHost(YamlContext &context, const Node *node) {
    VirtualHost host;
    YamlMap map(context, node, QStringLiteral("host"), host.src,
                {"host", "tls", "listeners", "sslRedirect", "policy", "routes"}, {"host"});
    if (!map.isValid())
        return host;
    map.readString("host", host.host);
    map.readString("tls", host.tls);
    map.readStringList("listeners", host.listeners);
    map.readBool("sslRedirect", host.sslRedirect);
    if (map.has("policy"))
        host.policy = readPolicy(context, map.value("policy"));
    const std::span<const Node *const> routes = map.sequence("routes", QStringLiteral("route"));
    if (!routes.empty())
        host.routes.reserve(qsizetype(routes.size()));
    for (const Node *route : routes)
        host.routes << readRoute(context, route);
    return host;
}

} // namespace ingress::yaml
