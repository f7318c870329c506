#include "tests/model/routingmatchrows.h"

#include <QTest>

using namespace ingress;
using namespace ingress::testing;

// RoutingTable path matching: the Kubernetes Ingress examples, methods and headers, regex order,
// documents with errors.
class TestRoutingPaths : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void match_data();
    void match() { verifyMatch(); }
};

void TestRoutingPaths::match_data() {
    addMatchColumns();
    const QStringList none;
    // Kubernetes Ingress docs, pathType "Examples", row by row; "No" = default backend.
    matchRow("k8s Prefix / matches all", "k8s", -1, "GET", "k1.test", "/any/path", none, "route",
             "k1.test", 0, "backend", "/any/path");
    matchRow("k8s Prefix / matches /", "k8s", -1, "GET", "k1.test", "/", none, "route", "k1.test",
             0, "backend", "/");
    matchRow("k8s Exact /foo, /foo", "k8s", -1, "GET", "k2.test", "/foo", none, "route", "k2.test",
             0, "backend", "/foo");
    matchRow("k8s Exact /foo, /bar", "k8s", -1, "GET", "k2.test", "/bar", none, "default",
             "k2.test", -1, "default-backend", "/bar");
    matchRow("k8s Exact /foo, /foo/", "k8s", -1, "GET", "k2.test", "/foo/", none, "default",
             "k2.test", -1, "default-backend", "/foo/");
    matchRow("k8s Exact /foo/, /foo", "k8s", -1, "GET", "k3.test", "/foo", none, "default",
             "k3.test", -1, "default-backend", "/foo");
    matchRow("k8s Prefix /foo, /foo", "k8s", -1, "GET", "k4.test", "/foo", none, "route", "k4.test",
             0, "backend", "/foo");
    matchRow("k8s Prefix /foo, /foo/", "k8s", -1, "GET", "k4.test", "/foo/", none, "route",
             "k4.test", 0, "backend", "/foo/");
    matchRow("k8s Prefix /foo/, /foo", "k8s", -1, "GET", "k5.test", "/foo", none, "route",
             "k5.test", 0, "backend", "/foo");
    matchRow("k8s Prefix /foo/, /foo/", "k8s", -1, "GET", "k5.test", "/foo/", none, "route",
             "k5.test", 0, "backend", "/foo/");
    matchRow("k8s Prefix /aaa/bb, /aaa/bbb", "k8s", -1, "GET", "k6.test", "/aaa/bbb", none,
             "default", "k6.test", -1, "default-backend", "/aaa/bbb");
    matchRow("k8s Prefix /aaa/bbb, /aaa/bbb", "k8s", -1, "GET", "k7.test", "/aaa/bbb", none,
             "route", "k7.test", 0, "backend", "/aaa/bbb");
    matchRow("k8s Prefix /aaa/bbb/, /aaa/bbb", "k8s", -1, "GET", "k8.test", "/aaa/bbb", none,
             "route", "k8.test", 0, "backend", "/aaa/bbb");
    matchRow("k8s Prefix /aaa/bbb, /aaa/bbb/", "k8s", -1, "GET", "k7.test", "/aaa/bbb/", none,
             "route", "k7.test", 0, "backend", "/aaa/bbb/");
    matchRow("k8s Prefix /aaa/bbb, /aaa/bbb/ccc", "k8s", -1, "GET", "k7.test", "/aaa/bbb/ccc", none,
             "route", "k7.test", 0, "backend", "/aaa/bbb/ccc");
    matchRow("k8s Prefix /aaa/bbb, /aaa/bbbxyz", "k8s", -1, "GET", "k7.test", "/aaa/bbbxyz", none,
             "default", "k7.test", -1, "default-backend", "/aaa/bbbxyz");
    matchRow("k8s Prefix / + /aaa, /aaa/ccc", "k8s", -1, "GET", "k9.test", "/aaa/ccc", none,
             "route", "k9.test", 1, "prefix", "/aaa/ccc");
    matchRow("k8s Prefix / + /aaa + /aaa/bbb, /aaa/bbb", "k8s", -1, "GET", "k10.test", "/aaa/bbb",
             none, "route", "k10.test", 2, "prefix", "/aaa/bbb");
    matchRow("k8s Prefix / + /aaa + /aaa/bbb, /ccc", "k8s", -1, "GET", "k10.test", "/ccc", none,
             "route", "k10.test", 0, "backend", "/ccc");
    matchRow("k8s Prefix /aaa, /ccc", "k8s", -1, "GET", "k11.test", "/ccc", none, "default",
             "k11.test", -1, "default-backend", "/ccc");
    matchRow("k8s Mixed /foo, Exact wins", "k8s", -1, "GET", "k12.test", "/foo", none, "route",
             "k12.test", 1, "exact", "/foo");
    matchRow("k8s Mixed /foo, /foo/x is Prefix", "k8s", -1, "GET", "k12.test", "/foo/x", none,
             "route", "k12.test", 0, "prefix", "/foo/x");

    // Methods and headers.
    const QStringList canary{QStringLiteral("X-Canary: true")};
    matchRow("regex GET with header", "shop", -1, "GET", "abc.bar.com", "/v1/items", canary,
             "route", "abc.bar.com", 2, "food", "/v1/items");
    matchRow("regex HEAD with header", "shop", -1, "HEAD", "abc.bar.com", "/v2/items", canary,
             "route", "abc.bar.com", 2, "food", "/v2/items");
    matchRow("regex method case-insensitive", "shop", -1, "get", "abc.bar.com", "/v1/items", canary,
             "route", "abc.bar.com", 2, "food", "/v1/items");
    matchRow("regex POST not allowed", "shop", -1, "POST", "abc.bar.com", "/v1/items", canary,
             "default", "abc.bar.com", -1, "fallback", "/v1/items");
    matchRow("regex header missing", "shop", -1, "GET", "abc.bar.com", "/v1/items", none, "default",
             "abc.bar.com", -1, "fallback", "/v1/items");
    matchRow("regex header wrong value", "shop", -1, "GET", "abc.bar.com", "/v1/items",
             {QStringLiteral("X-Canary: false")}, "default", "abc.bar.com", -1, "fallback",
             "/v1/items");
    matchRow("regex header name case", "shop", -1, "GET", "abc.bar.com", "/v1/items",
             {QStringLiteral("x-CANARY: true")}, "route", "abc.bar.com", 2, "food", "/v1/items");
    matchRow("regex anchored by the pattern", "shop", -1, "GET", "abc.bar.com", "/v1/items/x",
             canary, "default", "abc.bar.com", -1, "fallback", "/v1/items/x");
    matchRow("conditions: GET skips POST-only", "shop", -1, "GET", "cond.test", "/api/x", none,
             "route", "cond.test", 1, "b", "/api/x");
    matchRow("conditions: POST takes POST-only", "shop", -1, "POST", "cond.test", "/api/x", none,
             "route", "cond.test", 0, "a", "/api/x");
    matchRow("conditions: DELETE takes longer prefix", "shop", -1, "DELETE", "cond.test",
             "/api/v1/x", none, "route", "cond.test", 2, "c", "/api/v1/x");
    matchRow("conditions: longer prefix fails, shorter", "shop", -1, "GET", "cond.test",
             "/api/v1/x", none, "route", "cond.test", 1, "b", "/api/v1/x");
    matchRow("conditions: header route", "shop", -1, "GET", "cond.test", "/other",
             {QStringLiteral("X-Env: test")}, "route", "cond.test", 3, "c", "/other");
    matchRow("conditions: header absent, next route", "shop", -1, "GET", "cond.test", "/other",
             none, "route", "cond.test", 4, "d", "/other");

    // Regex order.
    matchRow("regex file order", "shop", -1, "GET", "re.test", "/a/b", none, "route", "re.test", 0,
             "a", "/a/b");
    matchRow("prefix before regex", "shop", -1, "GET", "re.test", "/p/x", none, "route", "re.test",
             3, "c", "/p/x");
    matchRow("regex unanchored search", "shop", -1, "GET", "re.test", "/x/items/y", none, "route",
             "re.test", 4, "d", "/x/items/y");
    matchRow("regex none matches", "shop", -1, "GET", "re.test", "/zzz", none, "default", "re.test",
             -1, "fallback", "/zzz");

    // Documents with errors.
    matchRow("bad regex never matches", "shop", -1, "GET", "bad.test", "/known/1", none, "route",
             "bad.test", 1, "b", "/known/1");
    matchRow("unknown service: route without service", "shop", -1, "GET", "bad.test", "/x", none,
             "route", "bad.test", 2, "", "/x");
}

QTEST_GUILESS_MAIN(TestRoutingPaths)
#include "tst_routingpaths.moc"
