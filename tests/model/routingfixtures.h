#pragma once

// Topologies built in C++ for the routing tests (independent of the YAML loader), and a
// HeaderLookup over a plain map.
#include "model/routing/headerlist.h"
#include "model/routing/routingtable.h"
#include "model/topology/topology.h"
#include "tests/common/topologybuilders.h"

#include <QMap>
#include <QStringList>
#include <string>

namespace ingress::testing {

// "Name: value" lines; names are matched case-insensitively.
class MapHeaders : public HeaderList {
public:
    explicit MapHeaders(const QStringList &lines) {
        for (const QString &line : lines) {
            const qsizetype colon = line.indexOf(u':');
            add(line.left(colon).trimmed().toLower().toStdString(),
                line.mid(colon + 1).trimmed().toStdString());
        }
    }
};

// Every Kubernetes Ingress docs example (pathType "Examples") gets a host of its own, with a
// default backend as in Kubernetes. shop(): like examples/shop.yaml plus hosts for rewrites,
// redirects, conditions and regexes. noDefault(): no default service, to see 404s and the
// absence of fall-through.
inline Topology kubernetesExamples() {
    Topology t;
    t.name = QStringLiteral("k8s");
    for (const char *name : {"backend", "exact", "prefix", "default-backend"})
        t.services.append(service(QString::fromLatin1(name)));
    t.defaultService = QStringLiteral("default-backend");
    const QString p = QStringLiteral("prefix");
    const QString e = QStringLiteral("exact");
    const QString b = QStringLiteral("backend");
    t.hosts = {
        host(QStringLiteral("k1.test"), {prefix(QStringLiteral("/"), b)}),
        host(QStringLiteral("k2.test"), {exact(QStringLiteral("/foo"), b)}),
        host(QStringLiteral("k3.test"), {exact(QStringLiteral("/foo/"), b)}),
        host(QStringLiteral("k4.test"), {prefix(QStringLiteral("/foo"), b)}),
        host(QStringLiteral("k5.test"), {prefix(QStringLiteral("/foo/"), b)}),
        host(QStringLiteral("k6.test"), {prefix(QStringLiteral("/aaa/bb"), b)}),
        host(QStringLiteral("k7.test"), {prefix(QStringLiteral("/aaa/bbb"), b)}),
        host(QStringLiteral("k8.test"), {prefix(QStringLiteral("/aaa/bbb/"), b)}),
        host(QStringLiteral("k9.test"),
             {prefix(QStringLiteral("/"), b), prefix(QStringLiteral("/aaa"), p)}),
        host(QStringLiteral("k10.test"),
             {prefix(QStringLiteral("/"), b), prefix(QStringLiteral("/aaa"), b),
              prefix(QStringLiteral("/aaa/bbb"), p)}),
        host(QStringLiteral("k11.test"), {prefix(QStringLiteral("/aaa"), b)}),
        host(QStringLiteral("k12.test"),
             {prefix(QStringLiteral("/foo"), p), exact(QStringLiteral("/foo"), e)}),
    };
    return t;
}

inline Topology shop() {
    Topology t;
    t.name = QStringLiteral("shop");
    t.listeners = {
        listener(QStringLiteral("web"), QStringLiteral("127.0.0.1:8080"), Protocol::Http),
        listener(QStringLiteral("websecure"), QStringLiteral("127.0.0.1:8443"), Protocol::Https),
        listener(QStringLiteral("internal"), QStringLiteral(":9090"), Protocol::Http)};
    for (const char *name : {"food", "abc", "fallback", "admin", "a", "b", "c", "d"})
        t.services.append(service(QString::fromLatin1(name)));
    t.certificates = {Certificate{QStringLiteral("bar-com"),
                                  QStringLiteral("certs/bar-com.crt"),
                                  Certificate::keychain,
                                  {},
                                  {}}};
    t.defaultService = QStringLiteral("fallback");

    VirtualHost abc = host(QStringLiteral("abc.bar.com"), {}, QStringLiteral("bar-com"));
    Route api = prefix(QStringLiteral("/api"), QStringLiteral("abc"));
    api.rewritePrefix = QStringLiteral("/");
    Route items = regex(QStringLiteral("^/v[0-9]+/items$"), QStringLiteral("food"));
    items.firstMatch().methods = {QStringLiteral("GET"), QStringLiteral("HEAD")};
    items.firstMatch().headers = {HeaderMatch{QStringLiteral("X-Canary"), QStringLiteral("true")}};
    abc.routes = {api, exact(QStringLiteral("/login"), QStringLiteral("abc")), items};

    VirtualHost admin = host(QStringLiteral("admin.bar.com"),
                             {prefix(QStringLiteral("/"), QStringLiteral("admin"))});
    admin.listeners = {QStringLiteral("internal")};

    VirtualHost plain =
        host(QStringLiteral("plain.bar.com"), {prefix(QStringLiteral("/"), QStringLiteral("a"))},
             QStringLiteral("bar-com"));
    plain.sslRedirect = false;

    // TLS, but served on HTTP listeners only: nowhere to redirect to.
    VirtualHost httpOnly =
        host(QStringLiteral("httponly.bar.com"), {prefix(QStringLiteral("/"), QStringLiteral("a"))},
             QStringLiteral("bar-com"));
    httpOnly.listeners = {QStringLiteral("web")};

    Route rwPrefix = prefix(QStringLiteral("/api"), QStringLiteral("a"));
    rwPrefix.rewritePrefix = QStringLiteral("/v2");
    Route rwExact = exact(QStringLiteral("/exact"), QStringLiteral("a"));
    rwExact.rewritePrefix = QStringLiteral("/other");
    Route rwRegex = regex(QStringLiteral("^/r/[a-z]+"), QStringLiteral("a"));
    rwRegex.rewritePrefix = QStringLiteral("/s");

    auto redirect = [](const QString &path, PathType type, Redirect r) {
        Route rt = route(path, type, {});
        rt.redirect = r;
        return rt;
    };
    Redirect toNew;
    toNew.prefixPath = QStringLiteral("/new");
    toNew.code = 301;
    Redirect moved;
    moved.host = QStringLiteral("other.test");
    moved.path = QStringLiteral("/landing");
    Redirect secure;
    secure.scheme = QStringLiteral("https");
    Redirect port;
    port.port = 9443;

    Route postOnly = prefix(QStringLiteral("/api"), QStringLiteral("a"));
    postOnly.firstMatch().methods = {QStringLiteral("POST")};
    Route deleteOnly = prefix(QStringLiteral("/api/v1"), QStringLiteral("c"));
    deleteOnly.firstMatch().methods = {QStringLiteral("DELETE")};
    Route testEnv = prefix(QStringLiteral("/"), QStringLiteral("c"));
    testEnv.firstMatch().headers = {HeaderMatch{QStringLiteral("X-Env"), QStringLiteral("test")}};

    t.hosts = {
        host(QStringLiteral("food.bar.com"), {prefix(QStringLiteral("/"), QStringLiteral("food"))},
             QStringLiteral("bar-com")),
        abc,
        host(QStringLiteral("*.bar.com"),
             {prefix(QStringLiteral("/"), QStringLiteral("fallback"))}),
        admin,
        plain,
        httpOnly,
        host(QStringLiteral("rw.test"), {rwPrefix, rwExact, rwRegex}),
        host(QStringLiteral("redir.test"),
             {redirect(QStringLiteral("/old"), PathType::Prefix, toNew),
              redirect(QStringLiteral("/moved"), PathType::Exact, moved),
              redirect(QStringLiteral("/secure"), PathType::Prefix, secure),
              redirect(QStringLiteral("/port"), PathType::Prefix, port)}),
        host(QStringLiteral("cond.test"),
             {postOnly, prefix(QStringLiteral("/api"), QStringLiteral("b")), deleteOnly, testEnv,
              prefix(QStringLiteral("/"), QStringLiteral("d"))}),
        host(QStringLiteral("re.test"), {regex(QStringLiteral("^/a"), QStringLiteral("a")),
                                         regex(QStringLiteral("^/a/b"), QStringLiteral("b")),
                                         regex(QStringLiteral("^/p"), QStringLiteral("a")),
                                         prefix(QStringLiteral("/p"), QStringLiteral("c")),
                                         regex(QStringLiteral("items"), QStringLiteral("d"))}),
        host(QStringLiteral("bad.test"),
             {regex(QStringLiteral("(["), QStringLiteral("a")),
              prefix(QStringLiteral("/known"), QStringLiteral("b")),
              prefix(QStringLiteral("/"), QStringLiteral("nonexistent"))}),
    };
    return t;
}

inline Topology noDefault() {
    Topology t;
    t.name = QStringLiteral("nodefault");
    t.services = {service(QStringLiteral("x")), service(QStringLiteral("wild"))};
    t.hosts = {
        host(QStringLiteral("x.foo.com"), {prefix(QStringLiteral("/api"), QStringLiteral("x"))}),
        host(QStringLiteral("*.foo.com"), {prefix(QStringLiteral("/"), QStringLiteral("wild"))})};
    return t;
}

// Gateway API's routing: several matches per route, regex header and query matches, the
// tie-breaks among equal paths, a full-path rewrite, and the '*' host with fall-through.
inline Topology gatewayRouting() {
    Topology t;
    t.name = QStringLiteral("gateway");
    for (const char *name : {"a", "b", "c", "d", "every", "fallback"})
        t.services << service(QString::fromLatin1(name));
    t.defaultService = QStringLiteral("fallback");
    Route twoMatches = exact(QStringLiteral("/login"), QStringLiteral("a"));
    twoMatches.firstMatch().methods = {QStringLiteral("POST")};
    RouteMatchRule api;
    api.path = QStringLiteral("/api");
    api.headers = {
        {QStringLiteral("X-Env"), QStringLiteral("prod|staging"), ValueMatch::RegularExpression}};
    twoMatches.matches << api;
    Route twoHeaders = prefix(QStringLiteral("/api"), QStringLiteral("c"));
    twoHeaders.firstMatch().headers = {
        {QStringLiteral("X-A"), QStringLiteral("1"), ValueMatch::Exact},
        {QStringLiteral("X-B"), QStringLiteral("2"), ValueMatch::Exact}};
    Route getOnly = prefix(QStringLiteral("/api"), QStringLiteral("d"));
    getOnly.firstMatch().methods = {QStringLiteral("GET")};
    Route exactQuery = prefix(QStringLiteral("/search"), QStringLiteral("c"));
    exactQuery.firstMatch().queryParams = {
        {QStringLiteral("q"), QStringLiteral("1"), ValueMatch::Exact}};
    Route regexQuery = prefix(QStringLiteral("/search"), QStringLiteral("d"));
    regexQuery.firstMatch().queryParams = {
        {QStringLiteral("v"), QStringLiteral("v[0-9]+"), ValueMatch::RegularExpression}};
    Route moved = prefix(QStringLiteral("/old"), QStringLiteral("b"));
    moved.rewritePath = QStringLiteral("/new");
    t.hosts = {
        host(QStringLiteral("app.test"),
             {twoMatches, prefix(QStringLiteral("/api"), QStringLiteral("b")), exactQuery,
              regexQuery, twoHeaders, getOnly, moved}),
        host(QStringLiteral("*"), {prefix(QStringLiteral("/shared"), QStringLiteral("every")),
                                   exact(QStringLiteral("/only-star"), QStringLiteral("every"))}),
        host(QStringLiteral("empty.test"), {prefix(QStringLiteral("/x"), QStringLiteral("a"))}),
    };
    return t;
}

} // namespace ingress::testing
