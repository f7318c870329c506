#include "yamlmap.h"
#include "yamlsections.h"
#include "yamlsupport.h"

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

Route readRoute(YamlContext &context, const Node *node) {
    Route route;
    YamlMap map(context, node, QStringLiteral("route"), route.src,
                {"path", "pathType", "service", "backends", "rewritePrefix", "methods", "headers",
                 "redirect", "maxBodySize", "timeout"},
                {"path"});
    if (!map.isValid())
        return route;
    map.readString("path", route.path);
    map.readEnum("pathType", route.pathType, QStringLiteral("path type"));
    map.readString("service", route.service);
    for (const Node *backend : map.sequence("backends", QStringLiteral("backend")))
        route.backends << readBackend(context, backend);
    // Both would leave it unclear which wins; refusing is safer than guessing.
    if (!route.service.isEmpty() && !route.backends.isEmpty())
        context.error(rule::invalidValue, route.src.at(QStringLiteral("backends")),
                      QStringLiteral("'backends': a route has either 'service' or 'backends', "
                                     "not both"));
    map.readString("rewritePrefix", route.rewritePrefix);
    map.readStringList("methods", route.methods);
    QList<std::pair<QString, QString>> headers;
    map.readStringPairs("headers", headers);
    for (const auto &[name, value] : headers)
        route.headers << HeaderMatch{name, value};
    if (map.has("redirect"))
        route.redirect = readRedirect(context, map.value("redirect"));
    map.readByteSize("maxBodySize", route.maxBodySize);
    map.readDuration("timeout", route.timeout);
    // Judged by value: "service: ''" names no service, and the writer leaves it out.
    // A `backends` that is there but unreadable has its own error; no second one here.
    if (!route.hasBackend() && !route.redirect && !map.has("backends"))
        context.error(rule::missingField, route.src.node,
                      QStringLiteral("missing required field 'service' in this route (a route "
                                     "needs 'service', 'backends' or 'redirect')"));
    return route;
}

} // namespace

VirtualHost readHost(YamlContext &context, const Node *node) {
    VirtualHost host;
    YamlMap map(context, node, QStringLiteral("host"), host.src,
                {"host", "tls", "listeners", "sslRedirect", "routes"}, {"host"});
    if (!map.isValid())
        return host;
    map.readString("host", host.host);
    map.readString("tls", host.tls);
    map.readStringList("listeners", host.listeners);
    map.readBool("sslRedirect", host.sslRedirect);
    const std::span<const Node *const> routes = map.sequence("routes", QStringLiteral("route"));
    if (!routes.empty())
        host.routes.reserve(qsizetype(routes.size()));
    for (const Node *route : routes)
        host.routes << readRoute(context, route);
    return host;
}

} // namespace ingress::yaml
