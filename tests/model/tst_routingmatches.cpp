#include "tests/model/routingmatchrows.h"

using namespace ingress;
using namespace ingress::testing;

// Gateway API's HTTPRoute matching (after its conformance tests HTTPRouteMatching,
// HTTPRouteMatchingAcrossRoutes, HTTPRouteHeaderMatching, HTTPRouteQueryParamMatching,
// HTTPRouteMethodMatching, HTTPRouteRewritePath and HTTPRouteHostnameIntersection): several
// matches per route, regex conditions, the tie-breaks and the host '*'.
class TestRoutingMatches : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void match_data();
    void match() { verifyMatch(); }
};

void TestRoutingMatches::match_data() {
    addMatchColumns();
    const char *g = "gateway";
    // Several matches: either takes the route.
    matchRow("first match", g, -1, "POST", "app.test", "/login", {}, "route", "app.test", 0, "a",
             "/login");
    matchRow("second match, regex header", g, -1, "POST", "app.test", "/api/x", {"X-Env: staging"},
             "route", "app.test", 0, "a", "/api/x");
    // A regular expression matches the whole value, not a part of it.
    matchRow("regex header anchored", g, -1, "POST", "app.test", "/api/x", {"X-Env: production"},
             "route", "app.test", 1, "b", "/api/x");
    // Equal paths: a method first, then more headers, then the rest in file order.
    matchRow("method before headers", g, -1, "GET", "app.test", "/api/x",
             {"X-A: 1", "X-B: 2", "X-Env: prod"}, "route", "app.test", 5, "d", "/api/x");
    matchRow("more headers first", g, -1, "POST", "app.test", "/api/x",
             {"X-A: 1", "X-B: 2", "X-Env: prod"}, "route", "app.test", 4, "c", "/api/x");
    matchRow("fewer headers", g, -1, "POST", "app.test", "/api/x", {"X-A: 1", "X-Env: prod"},
             "route", "app.test", 0, "a", "/api/x");
    matchRow("no condition holds", g, -1, "PUT", "app.test", "/api", {}, "route", "app.test", 1,
             "b", "/api");
    // Query parameters: exact, form-decoded, names case-sensitive, regex anchored.
    matchRow("query exact", g, -1, "GET", "app.test", "/search?q=1", {}, "route", "app.test", 2,
             "c", "/search");
    matchRow("query decoded", g, -1, "GET", "app.test", "/search?x=2&q=%31", {}, "route",
             "app.test", 2, "c", "/search");
    matchRow("query first occurrence", g, -1, "GET", "app.test", "/search?q=2&q=1", {}, "default",
             "app.test", -1, "fallback", "/search");
    matchRow("query regex", g, -1, "GET", "app.test", "/search?v=v12", {}, "route", "app.test", 3,
             "d", "/search");
    matchRow("query regex anchored", g, -1, "GET", "app.test", "/search?v=xv12", {}, "default",
             "app.test", -1, "fallback", "/search");
    matchRow("query name case", g, -1, "GET", "app.test", "/search?Q=1", {}, "default", "app.test",
             -1, "fallback", "/search");
    // ReplaceFullPath (the query is the proxy's to append: upstreamPath is the path).
    matchRow("rewrite full path", g, -1, "GET", "app.test", "/old/deep?x=1", {}, "route",
             "app.test", 6, "b", "/new");
    // The host '*': unknown hosts, no Host at all, and what a known host has no route for.
    matchRow("unknown host", g, -1, "GET", "other.test", "/shared/a", {}, "route", "*", 0, "every",
             "/shared/a");
    matchRow("no host", g, -1, "GET", "", "/only-star", {}, "route", "*", 1, "every", "/only-star");
    matchRow("known host falls through", g, -1, "GET", "app.test", "/shared", {}, "route", "*", 0,
             "every", "/shared");
    matchRow("exact under *", g, -1, "GET", "empty.test", "/only-star", {}, "route", "*", 1,
             "every", "/only-star");
    matchRow("host route first", g, -1, "GET", "empty.test", "/x", {}, "route", "empty.test", 0,
             "a", "/x");
    matchRow("neither: default service", g, -1, "GET", "other.test", "/nothing", {}, "default", "*",
             -1, "fallback", "/nothing");
}

QTEST_GUILESS_MAIN(TestRoutingMatches)
#include "tst_routingmatches.moc"
