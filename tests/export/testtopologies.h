#pragma once

// Topologies built in code for the exporter tests: the loader is not needed to test exports,
// and each case states exactly what it covers.

#include "model/topology/topology.h"
#include "tests/common/topologybuilders.h"

#include <QString>

namespace ingress::testing {

// The usual shape: exact, prefix, nested prefix narrowed by method and header, regex, rewrite,
// redirect, wildcard host, default service. Backends listen on `backendPorts[0..3]`.
inline Topology shopTopology(int httpPort, const QList<int> &backendPorts,
                             const QString &certificateDir = {}, int httpsPort = 0) {
    Topology t;
    t.name = QStringLiteral("shop");
    t.listeners << Listener{
        QStringLiteral("http"), QStringLiteral("127.0.0.1:%1").arg(httpPort), Protocol::Http, {}};
    auto endpoint = [&](int i) { return QStringLiteral("127.0.0.1:%1").arg(backendPorts[i]); };
    t.services << service(QStringLiteral("web"), {endpoint(0)});
    t.services << service(QStringLiteral("api"), {endpoint(1)}, LoadBalancing::LeastConnections);
    t.services.last().healthCheck = HealthCheck{};
    t.services << service(QStringLiteral("admin"), {endpoint(2)}, LoadBalancing::IPHash);
    t.services << service(QStringLiteral("fallback"), {endpoint(3)}, LoadBalancing::Random);
    t.services.last().endpoints.last().weight = 3;
    t.defaultService = QStringLiteral("fallback");

    Route adminPost =
        route(QStringLiteral("/api/admin"), PathType::Prefix, QStringLiteral("admin"));
    adminPost.firstMatch().methods = {QStringLiteral("POST")};
    adminPost.firstMatch().headers = {
        HeaderMatch{QStringLiteral("X-Admin"), QStringLiteral("yes")}};
    Route rewritten = route(QStringLiteral("/api/v1/"), PathType::Prefix, QStringLiteral("api"));
    rewritten.rewritePrefix = QStringLiteral("/v2");
    Route moved = route(QStringLiteral("/old"), PathType::Prefix, QString());
    moved.redirect = Redirect{};
    moved.redirect->prefixPath = QStringLiteral("/new");
    moved.redirect->code = 301;
    Route images =
        route(QStringLiteral("^/img/[a-z]+\\.png$"), PathType::Regex, QStringLiteral("admin"));
    Route deleteOnly = route(QStringLiteral("/cart"), PathType::Exact, QStringLiteral("admin"));
    deleteOnly.firstMatch().methods = {QStringLiteral("DELETE")};
    t.hosts << host(QStringLiteral("shop.example.com"),
                    {route(QStringLiteral("/"), PathType::Exact, QStringLiteral("web")),
                     route(QStringLiteral("/api"), PathType::Prefix, QStringLiteral("api")),
                     adminPost, rewritten, moved, images, deleteOnly,
                     route(QStringLiteral("/cart"), PathType::Prefix, QStringLiteral("web"))});
    t.hosts << host(QStringLiteral("*.example.com"),
                    {route(QStringLiteral("/"), PathType::Prefix, QStringLiteral("web"))});
    Route onlyGet = route(QStringLiteral("/"), PathType::Prefix, QStringLiteral("api"));
    onlyGet.firstMatch().methods = {QStringLiteral("GET"), QStringLiteral("HEAD")};
    t.hosts << host(
        QStringLiteral("api.internal"),
        {onlyGet, route(QStringLiteral("^/v[0-9]+/"), PathType::Regex, QStringLiteral("admin"))});
    if (httpsPort > 0) {
        t.listeners << Listener{QStringLiteral("https"),
                                QStringLiteral("127.0.0.1:%1").arg(httpsPort),
                                Protocol::Https,
                                {}};
        t.certificates << Certificate{QStringLiteral("example"),
                                      certificateDir + QStringLiteral("/example.crt"),
                                      certificateDir + QStringLiteral("/example.key"),
                                      {},
                                      {}};
        t.hosts << host(QStringLiteral("secure.example.com"),
                        {route(QStringLiteral("/"), PathType::Prefix, QStringLiteral("web"))});
        t.hosts.last().tls = QStringLiteral("example");
    }
    return t;
}

// Nothing but a default service: every request goes there.
inline Topology defaultOnlyTopology(int httpPort, int backendPort) {
    Topology t;
    t.name = QStringLiteral("default-only");
    t.listeners << Listener{
        QStringLiteral("http"), QStringLiteral(":%1").arg(httpPort), Protocol::Http, {}};
    t.services << service(QStringLiteral("everything"),
                          {QStringLiteral("127.0.0.1:%1").arg(backendPort)});
    t.defaultService = QStringLiteral("everything");
    return t;
}

// Redirect and rewrite forms (docs/routing.md's tables), no default service: what no route takes
// is a 404. Backends: web, api on `backendPorts[0..1]`.
inline Topology redirectTopology(int httpPort, const QList<int> &backendPorts) {
    Topology t;
    t.name = QStringLiteral("redirects");
    t.listeners << Listener{
        QStringLiteral("http"), QStringLiteral("127.0.0.1:%1").arg(httpPort), Protocol::Http, {}};
    t.services << service(QStringLiteral("web"),
                          {QStringLiteral("127.0.0.1:%1").arg(backendPorts[0])});
    t.services << service(QStringLiteral("api"),
                          {QStringLiteral("127.0.0.1:%1").arg(backendPorts[1])});
    auto redirect = [](const QString &path, PathType type, auto configure) {
        Route r = route(path, type, QString());
        r.redirect = Redirect{};
        configure(*r.redirect);
        return r;
    };
    auto rewrite = [](const QString &path, PathType type, const QString &to) {
        Route r = route(path, type, QStringLiteral("api"));
        r.rewritePrefix = to;
        return r;
    };
    t.hosts << host(
        QStringLiteral("redir.test"),
        {redirect(QStringLiteral("/old"), PathType::Prefix,
                  [](Redirect &r) {
                      r.prefixPath = QStringLiteral("/new");
                      r.code = 301;
                  }),
         redirect(QStringLiteral("/gone"), PathType::Prefix,
                  [](Redirect &r) { r.path = QStringLiteral("/fixed"); }),
         redirect(QStringLiteral("/secure"), PathType::Prefix,
                  [](Redirect &r) { r.scheme = QStringLiteral("https"); }),
         redirect(QStringLiteral("/port"), PathType::Prefix, [](Redirect &r) { r.port = 9443; }),
         redirect(QStringLiteral("/e"), PathType::Exact,
                  [](Redirect &r) { r.prefixPath = QStringLiteral("/f"); }),
         rewrite(QStringLiteral("/exact"), PathType::Exact, QStringLiteral("/replaced")),
         rewrite(QStringLiteral("/strip"), PathType::Prefix, QStringLiteral("/")),
         rewrite(QStringLiteral("^/r/[a-z]+"), PathType::Regex, QStringLiteral("/s")),
         route(QStringLiteral("/"), PathType::Prefix, QStringLiteral("web"))});
    t.hosts << host(QStringLiteral("rw.test"),
                    {rewrite(QStringLiteral("/v1/"), PathType::Prefix, QStringLiteral("/v2/"))});
    t.hosts << host(QStringLiteral("*.wild.test"),
                    {route(QStringLiteral("/w"), PathType::Prefix, QStringLiteral("web"))});
    return t;
}

// Paths that differ only by a trailing slash (issue 14): nginx redirects "/foo" by itself when a
// proxying location is named "/foo/"; the engine routes it (here to the default service, web).
// Backends: web, api, admin on `backendPorts[0..2]`.
inline Topology trailingSlashTopology(int httpPort, const QList<int> &backendPorts) {
    Topology t;
    t.name = QStringLiteral("trailing-slash");
    t.listeners << Listener{
        QStringLiteral("http"), QStringLiteral("127.0.0.1:%1").arg(httpPort), Protocol::Http, {}};
    const QStringList names{QStringLiteral("web"), QStringLiteral("api"), QStringLiteral("admin")};
    for (int i = 0; i < names.size(); ++i)
        t.services << service(names[i], {QStringLiteral("127.0.0.1:%1").arg(backendPorts[i])});
    t.defaultService = QStringLiteral("web");
    t.hosts << host(QStringLiteral("slash.test"),
                    {route(QStringLiteral("/foo/"), PathType::Exact, QStringLiteral("api"))});
    t.hosts << host(QStringLiteral("mixed.test"),
                    {route(QStringLiteral("/bar/"), PathType::Prefix, QStringLiteral("api")),
                     route(QStringLiteral("/baz"), PathType::Exact, QStringLiteral("api")),
                     route(QStringLiteral("/x/y/"), PathType::Exact, QStringLiteral("admin")),
                     route(QStringLiteral("/x"), PathType::Prefix, QStringLiteral("api"))});
    return t;
}

// Traffic splits: 90/10, a drained backend, a split narrowed by method (nginx writes it inside
// an `if`), a split that sends nowhere, and a split to a service without endpoints.
inline Topology splitTopology(int httpPort, const QList<int> &backendPorts) {
    Topology t;
    t.name = QStringLiteral("split");
    t.listeners << Listener{
        QStringLiteral("http"), QStringLiteral("127.0.0.1:%1").arg(httpPort), Protocol::Http, {}};
    t.services << service(QStringLiteral("web"),
                          {QStringLiteral("127.0.0.1:%1").arg(backendPorts[0])});
    t.services << service(QStringLiteral("canary"),
                          {QStringLiteral("127.0.0.1:%1").arg(backendPorts[1])});
    t.services << service(QStringLiteral("empty"), {});
    auto split = [](const QString &path, QList<std::pair<QString, int>> weights) {
        Route r = route(path, PathType::Prefix, QString());
        for (const auto &[name, weight] : weights)
            r.backends << RouteBackend{name, weight, {}};
        return r;
    };
    Route post =
        split(QStringLiteral("/api"), {{QStringLiteral("web"), 1}, {QStringLiteral("canary"), 3}});
    post.firstMatch().methods = {QStringLiteral("POST")};
    t.hosts << host(
        QStringLiteral("split.test"),
        {split(QStringLiteral("/"), {{QStringLiteral("web"), 90}, {QStringLiteral("canary"), 10}}),
         split(QStringLiteral("/drain"),
               {{QStringLiteral("web"), 0}, {QStringLiteral("canary"), 1}}),
         post,
         split(QStringLiteral("/nowhere"),
               {{QStringLiteral("web"), 0}, {QStringLiteral("canary"), 0}}),
         split(QStringLiteral("/thirds"), {{QStringLiteral("web"), 1},
                                           {QStringLiteral("canary"), 1},
                                           {QStringLiteral("empty"), 1}})});
    return t;
}

// The routing features of Gateway API: a route with two matches (Exact /a, Prefix /b with a
// query parameter), query and header regular expressions, header filters, a full-path and Host
// rewrite, a mirror, direct responses (200 with a body, 410), and a '*' host that other hosts
// fall through to before the default service. Backends: web, api, admin, copy on
// `backendPorts[0..3]`.
inline Topology featuresTopology(int httpPort, const QList<int> &backendPorts) {
    Topology t;
    t.name = QStringLiteral("features");
    t.listeners << Listener{
        QStringLiteral("http"), QStringLiteral("127.0.0.1:%1").arg(httpPort), Protocol::Http, {}};
    const QStringList names{QStringLiteral("web"), QStringLiteral("api"), QStringLiteral("admin"),
                            QStringLiteral("copy")};
    for (int i = 0; i < names.size(); ++i)
        t.services << service(names[i], {QStringLiteral("127.0.0.1:%1").arg(backendPorts[i])});
    t.defaultService = QStringLiteral("web");

    Route twoMatches = route(QStringLiteral("/a"), PathType::Exact, QStringLiteral("api"));
    RouteMatchRule second;
    second.path = QStringLiteral("/b");
    second.pathType = PathType::Prefix;
    second.queryParams = {HeaderMatch{QStringLiteral("v"), QStringLiteral("1"), ValueMatch::Exact}};
    twoMatches.matches << second;
    Route headerRegex = route(QStringLiteral("/h"), PathType::Prefix, QStringLiteral("admin"));
    headerRegex.firstMatch().headers = {HeaderMatch{
        QStringLiteral("X-Ver"), QStringLiteral("v[0-9]+"), ValueMatch::RegularExpression}};
    Route queryRegex = route(QStringLiteral("/q"), PathType::Prefix, QStringLiteral("admin"));
    queryRegex.firstMatch().queryParams = {
        HeaderMatch{QStringLiteral("id"), QStringLiteral("[0-9]+"), ValueMatch::RegularExpression}};
    Route filters = route(QStringLiteral("/filters"), PathType::Prefix, QStringLiteral("api"));
    filters.requestHeaders.set = {HeaderValue{QStringLiteral("X-Set"), QStringLiteral("one")}};
    filters.requestHeaders.add = {HeaderValue{QStringLiteral("X-Add"), QStringLiteral("two")}};
    filters.requestHeaders.remove = {QStringLiteral("X-Remove")};
    filters.responseHeaders.set = {HeaderValue{QStringLiteral("X-Resp"), QStringLiteral("yes")}};
    filters.responseHeaders.add = {
        HeaderValue{QStringLiteral("X-Resp-Add"), QStringLiteral("more")}};
    filters.responseHeaders.remove = {QStringLiteral("X-Backend")};
    Route full = route(QStringLiteral("/full"), PathType::Prefix, QStringLiteral("api"));
    full.rewritePath = QStringLiteral("/replaced");
    full.rewriteHost = QStringLiteral("upstream.test");
    Route mirrored = route(QStringLiteral("/mirror"), PathType::Prefix, QStringLiteral("web"));
    mirrored.mirrors = {RouteMirror{QStringLiteral("copy"), 50, {}}};
    Route ok = route(QStringLiteral("/ok"), PathType::Exact, QString());
    ok.respond = DirectResponse{200, QStringLiteral("ok \"quoted\"\n"), {}};
    Route gone = route(QStringLiteral("/gone"), PathType::Prefix, QString());
    gone.respond = DirectResponse{410, QStringLiteral("gone"), {}};
    t.hosts << host(QStringLiteral("multi.test"),
                    {twoMatches, headerRegex, queryRegex, filters, full, mirrored, ok, gone,
                     route(QStringLiteral("/m"), PathType::Prefix, QStringLiteral("web"))});
    t.hosts << host(QStringLiteral("other.test"),
                    {route(QStringLiteral("/o"), PathType::Prefix, QStringLiteral("api"))});
    t.hosts << host(QStringLiteral("*"),
                    {route(QStringLiteral("/any"), PathType::Prefix, QStringLiteral("admin")),
                     route(QStringLiteral("/a"), PathType::Exact, QStringLiteral("admin"))});
    return t;
}

// Policies (docs/topology-format.md, "Policies"), for the differential test: deny and allow
// lists, basic auth against `htpasswd`, a rate limit of 1 per minute with a burst of 2, and a
// host policy that one route lifts. No default service. Backends: web, api on
// `backendPorts[0..1]`.
inline Topology policyTopology(int httpPort, const QList<int> &backendPorts,
                               const QString &htpasswd) {
    Topology t;
    t.name = QStringLiteral("policies");
    t.listeners << Listener{
        QStringLiteral("http"), QStringLiteral("127.0.0.1:%1").arg(httpPort), Protocol::Http, {}};
    t.services << service(QStringLiteral("web"),
                          {QStringLiteral("127.0.0.1:%1").arg(backendPorts[0])});
    t.services << service(QStringLiteral("api"),
                          {QStringLiteral("127.0.0.1:%1").arg(backendPorts[1])});
    auto guarded = [](const QString &path, const QString &service, auto configure) {
        Route r = route(path, PathType::Prefix, service);
        configure(r.policy);
        return r;
    };
    t.hosts << host(QStringLiteral("policy.test"),
                    {guarded(QStringLiteral("/denied"), QStringLiteral("web"),
                             [](Policy &p) { p.deny = {QStringLiteral("127.0.0.1")}; }),
                     guarded(QStringLiteral("/allowed"), QStringLiteral("web"),
                             [](Policy &p) { p.allow = {QStringLiteral("127.0.0.0/8")}; }),
                     guarded(QStringLiteral("/outside"), QStringLiteral("web"),
                             [](Policy &p) { p.allow = {QStringLiteral("10.0.0.0/8")}; }),
                     guarded(QStringLiteral("/private"), QStringLiteral("api"),
                             [&](Policy &p) {
                                 p.basicAuth = BasicAuth{htpasswd, QStringLiteral("Private"), {}};
                             }),
                     guarded(QStringLiteral("/limited"), QStringLiteral("web"),
                             [](Policy &p) {
                                 p.rateLimit = RateLimit{1, RateUnit::Minute, 2, {}, {}};
                             }),
                     route(QStringLiteral("/"), PathType::Prefix, QStringLiteral("web"))});
    t.hosts << host(QStringLiteral("hostpolicy.test"),
                    {route(QStringLiteral("/closed"), PathType::Prefix, QStringLiteral("web")),
                     guarded(QStringLiteral("/open"), QStringLiteral("web"), [](Policy &p) {
                         p.allow = {QStringLiteral("0.0.0.0/0"), QStringLiteral("::/0")};
                     })});
    t.hosts.last().policy.allow = {QStringLiteral("10.0.0.0/8")};
    return t;
}

// policyTopology and what only some targets can say: trusted proxies, a host's limits shared by
// its routes (keyed by a header) and one route's own, a connection limit, IPv6 blocks, a direct
// response and a redirect behind a policy, a narrowed route whose policy differs from the other
// routes of its nginx location, and an htpasswd file (`mixedHtpasswd`) with every scheme.
inline Topology policyFeaturesTopology(int httpPort, const QList<int> &backendPorts,
                                       const QString &htpasswd, const QString &mixedHtpasswd) {
    Topology t = policyTopology(httpPort, backendPorts, htpasswd);
    t.listeners.first().trustedProxies = {QStringLiteral("10.0.0.0/8"),
                                          QStringLiteral("192.168.1.1")};
    Route health = route(QStringLiteral("/health"), PathType::Exact, QString());
    health.respond = DirectResponse{200, QStringLiteral("ok"), {}};
    health.policy.allow = {QStringLiteral("10.0.0.0/8")};
    Route moved = route(QStringLiteral("/old"), PathType::Prefix, QString());
    moved.redirect = Redirect{};
    moved.redirect->path = QStringLiteral("/new");
    moved.policy.basicAuth = BasicAuth{mixedHtpasswd, {}, {}};
    Route own = route(QStringLiteral("/c"), PathType::Prefix, QStringLiteral("api"));
    own.policy.rateLimit = RateLimit{3, RateUnit::Second, 0, {}, {}};
    Route posts = route(QStringLiteral("/a"), PathType::Prefix, QStringLiteral("api"));
    posts.firstMatch().methods = {QStringLiteral("POST")};
    posts.policy.deny = {QStringLiteral("2001:db8::/32")};
    posts.policy.allow = {QStringLiteral("::/0")};
    t.hosts << host(QStringLiteral("limits.test"),
                    {route(QStringLiteral("/a"), PathType::Prefix, QStringLiteral("web")),
                     route(QStringLiteral("/b"), PathType::Prefix, QStringLiteral("web")), own,
                     health, moved, posts});
    Policy &shared = t.hosts.last().policy;
    shared.connectionLimit = 5;
    shared.rateLimit = RateLimit{10, RateUnit::Second, 20, QStringLiteral("X-Api-Key"), {}};
    return t;
}

// CORS and security headers (docs/topology-format.md, "CORS" and "Security headers"): a host
// whose CORS allows one origin and a wildcard with credentials and an exposed header, and the
// recommended security headers; routes with their own CORS (any origin; none), one behind a deny
// list (its preflights are answered before the check), one the host's only. With `httpsPort`,
// an HTTPS host too, whose HSTS goes over TLS only.
inline Topology browserTopology(int httpPort, const QList<int> &backendPorts,
                                const QString &certificateDir = {}, int httpsPort = 0) {
    Topology t;
    t.name = QStringLiteral("browser");
    t.listeners << Listener{
        QStringLiteral("http"), QStringLiteral("127.0.0.1:%1").arg(httpPort), Protocol::Http, {}};
    t.services << service(QStringLiteral("web"),
                          {QStringLiteral("127.0.0.1:%1").arg(backendPorts[0])});
    t.services << service(QStringLiteral("api"),
                          {QStringLiteral("127.0.0.1:%1").arg(backendPorts[1])});
    Route open = route(QStringLiteral("/open"), PathType::Prefix, QStringLiteral("web"));
    open.policy.cors = Cors{};
    Route none = route(QStringLiteral("/none"), PathType::Prefix, QStringLiteral("web"));
    none.policy.cors = Cors{};
    none.policy.cors->allowOrigins.clear();
    Route closed = route(QStringLiteral("/closed"), PathType::Prefix, QStringLiteral("api"));
    closed.policy.deny = {QStringLiteral("127.0.0.1")};
    t.hosts << host(
        QStringLiteral("cors.test"),
        {open, none, closed, route(QStringLiteral("/"), PathType::Prefix, QStringLiteral("web"))});
    Cors cors;
    cors.allowOrigins = {QStringLiteral("https://app.example.com"),
                         QStringLiteral("https://*.example.org")};
    cors.allowMethods = {QStringLiteral("GET"), QStringLiteral("POST")};
    cors.exposeHeaders = {QStringLiteral("X-Request-Id")};
    cors.allowCredentials = true;
    cors.maxAge = 600;
    t.hosts.last().policy.cors = cors;
    t.hosts.last().policy.securityHeaders = SecurityHeaders::recommended();
    if (httpsPort > 0) {
        t.listeners << Listener{QStringLiteral("https"),
                                QStringLiteral("127.0.0.1:%1").arg(httpsPort),
                                Protocol::Https,
                                {}};
        t.certificates << Certificate{QStringLiteral("example"),
                                      certificateDir + QStringLiteral("/example.crt"),
                                      certificateDir + QStringLiteral("/example.key"),
                                      {},
                                      {}};
        t.hosts.first().listeners = {QStringLiteral("http")};
        t.hosts << host(QStringLiteral("secure.example.com"),
                        {route(QStringLiteral("/"), PathType::Prefix, QStringLiteral("web"))});
        t.hosts.last().tls = QStringLiteral("example");
        t.hosts.last().listeners = {QStringLiteral("https")};
        t.hosts.last().policy.securityHeaders = SecurityHeaders::recommended();
        t.hosts.last().policy.securityHeaders->hsts->includeSubdomains = true;
    }
    return t;
}

// Sticky sessions (docs/topology-format.md, "Sticky session"): "app" with three endpoints
// (`backendPorts[0..2]`) and cookie shop_route for an hour; "cart" by least connections with a
// cookie nginx cannot name as a variable and no ttl; "web" not sticky; a split between app and
// web (their sticky sessions differ). Host sticky.test; backends answer as named in the pool.
inline Topology stickyTopology(int httpPort, const QList<int> &backendPorts) {
    Topology t;
    t.name = QStringLiteral("sticky");
    t.listeners << Listener{
        QStringLiteral("http"), QStringLiteral("127.0.0.1:%1").arg(httpPort), Protocol::Http, {}};
    auto endpoint = [&](int i) { return QStringLiteral("127.0.0.1:%1").arg(backendPorts[i]); };
    t.services << service(QStringLiteral("app"), {endpoint(0), endpoint(1), endpoint(2)});
    t.services.last().stickySession =
        StickySession{QStringLiteral("shop_route"), Duration(3600000), {}};
    t.services << service(QStringLiteral("cart"), {endpoint(0), endpoint(1)},
                          LoadBalancing::LeastConnections);
    t.services.last().stickySession = StickySession{QStringLiteral("cart-id"), {}, {}};
    t.services << service(QStringLiteral("web"), {endpoint(0)});
    Route split = route(QStringLiteral("/split"), PathType::Prefix, QString());
    split.backends = {RouteBackend{QStringLiteral("app"), 1, {}},
                      RouteBackend{QStringLiteral("web"), 1, {}}};
    t.hosts << host(QStringLiteral("sticky.test"),
                    {route(QStringLiteral("/"), PathType::Prefix, QStringLiteral("app")),
                     route(QStringLiteral("/cart"), PathType::Prefix, QStringLiteral("cart")),
                     route(QStringLiteral("/plain"), PathType::Prefix, QStringLiteral("web")),
                     split});
    return t;
}

} // namespace ingress::testing
