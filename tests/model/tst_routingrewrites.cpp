#include "tests/model/routingmatchrows.h"

#include <QTest>

using namespace ingress;
using namespace ingress::testing;

// RoutingTable upstream paths and redirects: rewrites, redirects built from the request, HTTP ->
// HTTPS.
class TestRoutingRewrites : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void match_data();
    void match() { verifyMatch(); }
};

void TestRoutingRewrites::match_data() {
    addMatchColumns();
    const QStringList none;
    // Rewrites.
    matchRow("rewrite /api -> /: /api/users", "shop", -1, "GET", "abc.bar.com", "/api/users", none,
             "route", "abc.bar.com", 0, "abc", "/users");
    matchRow("rewrite /api -> /: /api", "shop", -1, "GET", "abc.bar.com", "/api", none, "route",
             "abc.bar.com", 0, "abc", "/");
    matchRow("rewrite /api -> /: /api/", "shop", -1, "GET", "abc.bar.com", "/api/", none, "route",
             "abc.bar.com", 0, "abc", "/");
    matchRow("rewrite /api -> /v2: /api/x", "shop", -1, "GET", "rw.test", "/api/x", none, "route",
             "rw.test", 0, "a", "/v2/x");
    matchRow("rewrite /api -> /v2: /api", "shop", -1, "GET", "rw.test", "/api", none, "route",
             "rw.test", 0, "a", "/v2");
    matchRow("rewrite Exact", "shop", -1, "GET", "rw.test", "/exact", none, "route", "rw.test", 1,
             "a", "/other");
    matchRow("rewrite Regex matched text", "shop", -1, "GET", "rw.test", "/r/abc/def", none,
             "route", "rw.test", 2, "a", "/s/def");
    matchRow("no rewrite, query not in path", "shop", -1, "GET", "food.bar.com", "/x?a=1", none,
             "route", "food.bar.com", 0, "food", "/x");

    // Redirects built from the request.
    matchRow("redirect prefixPath keeps rest and query", "shop", 0, "GET", "redir.test:8080",
             "/old/a?x=1", none, "route", "redir.test", 0, "", "/old/a",
             "301 http://redir.test:8080/new/a?x=1");
    matchRow("redirect prefixPath bare", "shop", 0, "GET", "redir.test:8080", "/old", none, "route",
             "redir.test", 0, "", "/old", "301 http://redir.test:8080/new");
    matchRow("redirect host and path", "shop", 0, "GET", "redir.test:8080", "/moved", none, "route",
             "redir.test", 1, "", "/moved", "302 http://other.test:8080/landing");
    matchRow("redirect scheme takes its port", "shop", 0, "GET", "redir.test:8080", "/secure/x",
             none, "route", "redir.test", 2, "", "/secure/x", "302 https://redir.test/secure/x");
    matchRow("redirect port", "shop", 0, "GET", "redir.test:8080", "/port/y?q", none, "route",
             "redir.test", 3, "", "/port/y", "302 http://redir.test:9443/port/y?q");
    matchRow("redirect default port omitted", "shop", 0, "GET", "redir.test", "/old/z", none,
             "route", "redir.test", 0, "", "/old/z", "301 http://redir.test/new/z");

    // HTTP -> HTTPS.
    matchRow("https redirect", "shop", 0, "GET", "food.bar.com:8080", "/x?a=1", none, "route",
             "food.bar.com", 0, "food", "/x", "308 https://food.bar.com:8443/x?a=1");
    matchRow("https redirect on default service", "shop", 0, "GET", "abc.bar.com", "/nothing", none,
             "default", "abc.bar.com", -1, "fallback", "/nothing",
             "308 https://abc.bar.com:8443/nothing");
    matchRow("https listener: no redirect", "shop", 1, "GET", "food.bar.com:8443", "/x", none,
             "route", "food.bar.com", 0, "food", "/x");
    matchRow("any listener: no redirect", "shop", -1, "GET", "food.bar.com", "/x", none, "route",
             "food.bar.com", 0, "food", "/x");
    matchRow("sslRedirect false: no redirect", "shop", 0, "GET", "plain.bar.com", "/x", none,
             "route", "plain.bar.com", 0, "a", "/x");
    matchRow("no HTTPS listener: no redirect", "shop", 0, "GET", "httponly.bar.com", "/x", none,
             "route", "httponly.bar.com", 0, "a", "/x");
    matchRow("no TLS: no redirect", "shop", 0, "GET", "shop.bar.com", "/x", none, "route",
             "*.bar.com", 0, "fallback", "/x");
}

QTEST_GUILESS_MAIN(TestRoutingRewrites)
#include "tst_routingrewrites.moc"
