#include "routingfixtures.h"
#include "routingtable.h"

#include <atomic>
#include <QTest>
#include <thread>

using namespace ingress;
using namespace ingress::testing;

namespace {

Topology fixture(const QString &name) {
    if (name == u"k8s")
        return kubernetesExamples();
    if (name == u"nodefault")
        return noDefault();
    return shop();
}

QString kindName(RouteMatch::Kind kind) {
    switch (kind) {
    case RouteMatch::Kind::Route:
        return QStringLiteral("route");
    case RouteMatch::Kind::DefaultService:
        return QStringLiteral("default");
    case RouteMatch::Kind::NoMatch:
        break;
    }
    return QStringLiteral("none");
}

// A request as strings that outlive the RequestInfo views into them.
struct Request {
    std::string method, host, path, query;
    MapHeaders headers;
    RequestInfo info;

    Request(int listener, const QString &m, const QString &h, const QString &target,
            const QStringList &headerLines)
        : method(m.toStdString()), host(h.toStdString()), headers(headerLines) {
        const qsizetype q = target.indexOf(u'?');
        path = target.left(q).toStdString();
        query = q < 0 ? std::string() : target.mid(q + 1).toStdString();
        info.listener = listener;
        info.method = method;
        info.host = host;
        info.path = path;
        info.query = query;
        info.headers = &headers;
    }
};

QString traceText(const MatchTrace &trace) {
    QString text;
    for (const TraceStep &step : trace)
        text += QStringLiteral("%1 %2: %3\n")
                    .arg(int(step.outcome))
                    .arg(QString::fromStdString(step.subject), QString::fromStdString(step.reason));
    return text;
}

bool hasStep(const MatchTrace &trace, TraceStep::Outcome outcome, const std::string &subject,
             const std::string &reasonPart) {
    return std::any_of(trace.begin(), trace.end(), [&](const TraceStep &s) {
        return s.outcome == outcome && s.subject == subject &&
               s.reason.find(reasonPart) != std::string::npos;
    });
}

} // namespace

class TestRoutingTable : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void match_data();
    void match();
    void normaliseHost_data();
    void normaliseHost();
    void trace();
    void compiledListenersAndServices();
    void precedenceOrder();
    void robustOnBrokenDocuments();
    void concurrentMatches();
};

void TestRoutingTable::match_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("listener");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<QString>("kind");        // route | default | none
    QTest::addColumn<QString>("hostPattern"); // chosen virtual host, "" for none
    QTest::addColumn<int>("routeIndex");
    QTest::addColumn<QString>("service"); // "" for none
    QTest::addColumn<QString>("upstream");
    QTest::addColumn<QString>("redirect"); // "CODE LOCATION" or ""

    auto row = [](const char *name, const char *fix, int listener, const char *method,
                  const char *host, const char *target, QStringList headers, const char *kind,
                  const char *pattern, int routeIndex, const char *service, const char *upstream,
                  const char *redirect = "") {
        QTest::newRow(name) << QString::fromLatin1(fix) << listener << QString::fromLatin1(method)
                            << QString::fromLatin1(host) << QString::fromLatin1(target) << headers
                            << QString::fromLatin1(kind) << QString::fromLatin1(pattern)
                            << routeIndex << QString::fromLatin1(service)
                            << QString::fromLatin1(upstream) << QString::fromLatin1(redirect);
    };
    const QStringList none;
    // Kubernetes Ingress docs, pathType "Examples", row by row; "No" = default backend.
    row("k8s Prefix / matches all", "k8s", -1, "GET", "k1.test", "/any/path", none, "route",
        "k1.test", 0, "backend", "/any/path");
    row("k8s Prefix / matches /", "k8s", -1, "GET", "k1.test", "/", none, "route", "k1.test", 0,
        "backend", "/");
    row("k8s Exact /foo, /foo", "k8s", -1, "GET", "k2.test", "/foo", none, "route", "k2.test", 0,
        "backend", "/foo");
    row("k8s Exact /foo, /bar", "k8s", -1, "GET", "k2.test", "/bar", none, "default", "k2.test", -1,
        "default-backend", "/bar");
    row("k8s Exact /foo, /foo/", "k8s", -1, "GET", "k2.test", "/foo/", none, "default", "k2.test",
        -1, "default-backend", "/foo/");
    row("k8s Exact /foo/, /foo", "k8s", -1, "GET", "k3.test", "/foo", none, "default", "k3.test",
        -1, "default-backend", "/foo");
    row("k8s Prefix /foo, /foo", "k8s", -1, "GET", "k4.test", "/foo", none, "route", "k4.test", 0,
        "backend", "/foo");
    row("k8s Prefix /foo, /foo/", "k8s", -1, "GET", "k4.test", "/foo/", none, "route", "k4.test", 0,
        "backend", "/foo/");
    row("k8s Prefix /foo/, /foo", "k8s", -1, "GET", "k5.test", "/foo", none, "route", "k5.test", 0,
        "backend", "/foo");
    row("k8s Prefix /foo/, /foo/", "k8s", -1, "GET", "k5.test", "/foo/", none, "route", "k5.test",
        0, "backend", "/foo/");
    row("k8s Prefix /aaa/bb, /aaa/bbb", "k8s", -1, "GET", "k6.test", "/aaa/bbb", none, "default",
        "k6.test", -1, "default-backend", "/aaa/bbb");
    row("k8s Prefix /aaa/bbb, /aaa/bbb", "k8s", -1, "GET", "k7.test", "/aaa/bbb", none, "route",
        "k7.test", 0, "backend", "/aaa/bbb");
    row("k8s Prefix /aaa/bbb/, /aaa/bbb", "k8s", -1, "GET", "k8.test", "/aaa/bbb", none, "route",
        "k8.test", 0, "backend", "/aaa/bbb");
    row("k8s Prefix /aaa/bbb, /aaa/bbb/", "k8s", -1, "GET", "k7.test", "/aaa/bbb/", none, "route",
        "k7.test", 0, "backend", "/aaa/bbb/");
    row("k8s Prefix /aaa/bbb, /aaa/bbb/ccc", "k8s", -1, "GET", "k7.test", "/aaa/bbb/ccc", none,
        "route", "k7.test", 0, "backend", "/aaa/bbb/ccc");
    row("k8s Prefix /aaa/bbb, /aaa/bbbxyz", "k8s", -1, "GET", "k7.test", "/aaa/bbbxyz", none,
        "default", "k7.test", -1, "default-backend", "/aaa/bbbxyz");
    row("k8s Prefix / + /aaa, /aaa/ccc", "k8s", -1, "GET", "k9.test", "/aaa/ccc", none, "route",
        "k9.test", 1, "prefix", "/aaa/ccc");
    row("k8s Prefix / + /aaa + /aaa/bbb, /aaa/bbb", "k8s", -1, "GET", "k10.test", "/aaa/bbb", none,
        "route", "k10.test", 2, "prefix", "/aaa/bbb");
    row("k8s Prefix / + /aaa + /aaa/bbb, /ccc", "k8s", -1, "GET", "k10.test", "/ccc", none, "route",
        "k10.test", 0, "backend", "/ccc");
    row("k8s Prefix /aaa, /ccc", "k8s", -1, "GET", "k11.test", "/ccc", none, "default", "k11.test",
        -1, "default-backend", "/ccc");
    row("k8s Mixed /foo, Exact wins", "k8s", -1, "GET", "k12.test", "/foo", none, "route",
        "k12.test", 1, "exact", "/foo");
    row("k8s Mixed /foo, /foo/x is Prefix", "k8s", -1, "GET", "k12.test", "/foo/x", none, "route",
        "k12.test", 0, "prefix", "/foo/x");

    // Hosts.
    row("host case and port", "shop", -1, "GET", "FOOD.Bar.Com:8080", "/", none, "route",
        "food.bar.com", 0, "food", "/");
    row("host trailing dot", "shop", -1, "GET", "food.bar.com.", "/x", none, "route",
        "food.bar.com", 0, "food", "/x");
    row("wildcard covers one label", "shop", -1, "GET", "shop.bar.com", "/x", none, "route",
        "*.bar.com", 0, "fallback", "/x");
    row("wildcard case-insensitive", "shop", -1, "GET", "Shop.BAR.com:80", "/x", none, "route",
        "*.bar.com", 0, "fallback", "/x");
    row("wildcard not two labels", "shop", -1, "GET", "a.b.bar.com", "/x", none, "default", "", -1,
        "fallback", "/x");
    row("wildcard not the bare domain", "shop", -1, "GET", "bar.com", "/x", none, "default", "", -1,
        "fallback", "/x");
    row("exact host beats wildcard", "shop", -1, "GET", "abc.bar.com", "/login", none, "route",
        "abc.bar.com", 1, "abc", "/login");
    row("no fall-through, default service", "shop", -1, "GET", "abc.bar.com", "/other", none,
        "default", "abc.bar.com", -1, "fallback", "/other");
    row("no fall-through, 404", "nodefault", -1, "GET", "x.foo.com", "/other", none, "none",
        "x.foo.com", -1, "", "");
    row("wildcard when no exact host", "nodefault", -1, "GET", "y.foo.com", "/other", none, "route",
        "*.foo.com", 0, "wild", "/other");
    row("unknown host, 404", "nodefault", -1, "GET", "nothing.test", "/", none, "none", "", -1, "",
        "");
    row("IPv6 host with port", "shop", -1, "GET", "[::1]:8080", "/", none, "default", "", -1,
        "fallback", "/");
    row("no Host header", "shop", -1, "GET", "", "/", none, "default", "", -1, "fallback", "/");
    row("listener restricted: other listener", "shop", 0, "GET", "admin.bar.com", "/", none,
        "route", "*.bar.com", 0, "fallback", "/");
    row("listener restricted: own listener", "shop", 2, "GET", "admin.bar.com:9090", "/", none,
        "route", "admin.bar.com", 0, "admin", "/");
    row("listener restricted: any listener", "shop", -1, "GET", "admin.bar.com", "/", none, "route",
        "admin.bar.com", 0, "admin", "/");

    // Methods and headers.
    const QStringList canary{QStringLiteral("X-Canary: true")};
    row("regex GET with header", "shop", -1, "GET", "abc.bar.com", "/v1/items", canary, "route",
        "abc.bar.com", 2, "food", "/v1/items");
    row("regex HEAD with header", "shop", -1, "HEAD", "abc.bar.com", "/v2/items", canary, "route",
        "abc.bar.com", 2, "food", "/v2/items");
    row("regex method case-insensitive", "shop", -1, "get", "abc.bar.com", "/v1/items", canary,
        "route", "abc.bar.com", 2, "food", "/v1/items");
    row("regex POST not allowed", "shop", -1, "POST", "abc.bar.com", "/v1/items", canary, "default",
        "abc.bar.com", -1, "fallback", "/v1/items");
    row("regex header missing", "shop", -1, "GET", "abc.bar.com", "/v1/items", none, "default",
        "abc.bar.com", -1, "fallback", "/v1/items");
    row("regex header wrong value", "shop", -1, "GET", "abc.bar.com", "/v1/items",
        {QStringLiteral("X-Canary: false")}, "default", "abc.bar.com", -1, "fallback", "/v1/items");
    row("regex header name case", "shop", -1, "GET", "abc.bar.com", "/v1/items",
        {QStringLiteral("x-CANARY: true")}, "route", "abc.bar.com", 2, "food", "/v1/items");
    row("regex anchored by the pattern", "shop", -1, "GET", "abc.bar.com", "/v1/items/x", canary,
        "default", "abc.bar.com", -1, "fallback", "/v1/items/x");
    row("conditions: GET skips POST-only", "shop", -1, "GET", "cond.test", "/api/x", none, "route",
        "cond.test", 1, "b", "/api/x");
    row("conditions: POST takes POST-only", "shop", -1, "POST", "cond.test", "/api/x", none,
        "route", "cond.test", 0, "a", "/api/x");
    row("conditions: DELETE takes longer prefix", "shop", -1, "DELETE", "cond.test", "/api/v1/x",
        none, "route", "cond.test", 2, "c", "/api/v1/x");
    row("conditions: longer prefix fails, shorter", "shop", -1, "GET", "cond.test", "/api/v1/x",
        none, "route", "cond.test", 1, "b", "/api/v1/x");
    row("conditions: header route", "shop", -1, "GET", "cond.test", "/other",
        {QStringLiteral("X-Env: test")}, "route", "cond.test", 3, "c", "/other");
    row("conditions: header absent, next route", "shop", -1, "GET", "cond.test", "/other", none,
        "route", "cond.test", 4, "d", "/other");

    // Regex order.
    row("regex file order", "shop", -1, "GET", "re.test", "/a/b", none, "route", "re.test", 0, "a",
        "/a/b");
    row("prefix before regex", "shop", -1, "GET", "re.test", "/p/x", none, "route", "re.test", 3,
        "c", "/p/x");
    row("regex unanchored search", "shop", -1, "GET", "re.test", "/x/items/y", none, "route",
        "re.test", 4, "d", "/x/items/y");
    row("regex none matches", "shop", -1, "GET", "re.test", "/zzz", none, "default", "re.test", -1,
        "fallback", "/zzz");

    // Rewrites.
    row("rewrite /api -> /: /api/users", "shop", -1, "GET", "abc.bar.com", "/api/users", none,
        "route", "abc.bar.com", 0, "abc", "/users");
    row("rewrite /api -> /: /api", "shop", -1, "GET", "abc.bar.com", "/api", none, "route",
        "abc.bar.com", 0, "abc", "/");
    row("rewrite /api -> /: /api/", "shop", -1, "GET", "abc.bar.com", "/api/", none, "route",
        "abc.bar.com", 0, "abc", "/");
    row("rewrite /api -> /v2: /api/x", "shop", -1, "GET", "rw.test", "/api/x", none, "route",
        "rw.test", 0, "a", "/v2/x");
    row("rewrite /api -> /v2: /api", "shop", -1, "GET", "rw.test", "/api", none, "route", "rw.test",
        0, "a", "/v2");
    row("rewrite Exact", "shop", -1, "GET", "rw.test", "/exact", none, "route", "rw.test", 1, "a",
        "/other");
    row("rewrite Regex matched text", "shop", -1, "GET", "rw.test", "/r/abc/def", none, "route",
        "rw.test", 2, "a", "/s/def");
    row("no rewrite, query not in path", "shop", -1, "GET", "food.bar.com", "/x?a=1", none, "route",
        "food.bar.com", 0, "food", "/x");

    // Redirects built from the request.
    row("redirect prefixPath keeps rest and query", "shop", 0, "GET", "redir.test:8080",
        "/old/a?x=1", none, "route", "redir.test", 0, "", "/old/a",
        "301 http://redir.test:8080/new/a?x=1");
    row("redirect prefixPath bare", "shop", 0, "GET", "redir.test:8080", "/old", none, "route",
        "redir.test", 0, "", "/old", "301 http://redir.test:8080/new");
    row("redirect host and path", "shop", 0, "GET", "redir.test:8080", "/moved", none, "route",
        "redir.test", 1, "", "/moved", "302 http://other.test:8080/landing");
    row("redirect scheme takes its port", "shop", 0, "GET", "redir.test:8080", "/secure/x", none,
        "route", "redir.test", 2, "", "/secure/x", "302 https://redir.test/secure/x");
    row("redirect port", "shop", 0, "GET", "redir.test:8080", "/port/y?q", none, "route",
        "redir.test", 3, "", "/port/y", "302 http://redir.test:9443/port/y?q");
    row("redirect default port omitted", "shop", 0, "GET", "redir.test", "/old/z", none, "route",
        "redir.test", 0, "", "/old/z", "301 http://redir.test/new/z");

    // HTTP -> HTTPS.
    row("https redirect", "shop", 0, "GET", "food.bar.com:8080", "/x?a=1", none, "route",
        "food.bar.com", 0, "food", "/x", "308 https://food.bar.com:8443/x?a=1");
    row("https redirect on default service", "shop", 0, "GET", "abc.bar.com", "/nothing", none,
        "default", "abc.bar.com", -1, "fallback", "/nothing",
        "308 https://abc.bar.com:8443/nothing");
    row("https listener: no redirect", "shop", 1, "GET", "food.bar.com:8443", "/x", none, "route",
        "food.bar.com", 0, "food", "/x");
    row("any listener: no redirect", "shop", -1, "GET", "food.bar.com", "/x", none, "route",
        "food.bar.com", 0, "food", "/x");
    row("sslRedirect false: no redirect", "shop", 0, "GET", "plain.bar.com", "/x", none, "route",
        "plain.bar.com", 0, "a", "/x");
    row("no HTTPS listener: no redirect", "shop", 0, "GET", "httponly.bar.com", "/x", none, "route",
        "httponly.bar.com", 0, "a", "/x");
    row("no TLS: no redirect", "shop", 0, "GET", "shop.bar.com", "/x", none, "route", "*.bar.com",
        0, "fallback", "/x");

    // Documents with errors.
    row("bad regex never matches", "shop", -1, "GET", "bad.test", "/known/1", none, "route",
        "bad.test", 1, "b", "/known/1");
    row("unknown service: route without service", "shop", -1, "GET", "bad.test", "/x", none,
        "route", "bad.test", 2, "", "/x");
}

void TestRoutingTable::match() {
    QFETCH(QString, fixture);
    QFETCH(int, listener);
    QFETCH(QString, method);
    QFETCH(QString, host);
    QFETCH(QString, target);
    QFETCH(QStringList, headers);
    QFETCH(QString, kind);
    QFETCH(QString, hostPattern);
    QFETCH(int, routeIndex);
    QFETCH(QString, service);
    QFETCH(QString, upstream);
    QFETCH(QString, redirect);

    const RoutingTablePtr table = RoutingTable::compile(::fixture(fixture));
    const Request request(listener, method, host, target, headers);
    MatchTrace trace;
    // The untraced hot path and the traced walk must agree on every case.
    for (MatchTrace *t : {static_cast<MatchTrace *>(nullptr), &trace}) {
        const RouteMatch m = table->match(request.info, t);
        QCOMPARE(kindName(m.kind), kind);
        QCOMPARE(m.host ? QString::fromStdString(m.host->pattern) : QString(), hostPattern);
        QCOMPARE(m.route ? m.route->index : -1, routeIndex);
        QCOMPARE(m.service ? QString::fromStdString(m.service->name) : QString(), service);
        if (m.matched())
            QCOMPARE(QString::fromStdString(m.upstreamPath), upstream);
        const QString actualRedirect = m.redirect
                                           ? QStringLiteral("%1 %2")
                                                 .arg(m.redirect->code)
                                                 .arg(QString::fromStdString(m.redirect->location))
                                           : QString();
        QCOMPARE(actualRedirect, redirect);
    }
    QVERIFY(!trace.empty());
}

void TestRoutingTable::normaliseHost_data() {
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("normalised");
    QTest::newRow("lower case") << "Food.BAR.com"
                                << "food.bar.com";
    QTest::newRow("port") << "food.bar.com:8080"
                          << "food.bar.com";
    QTest::newRow("trailing dot") << "food.bar.com."
                                  << "food.bar.com";
    QTest::newRow("dot and port") << "food.bar.com.:80"
                                  << "food.bar.com";
    QTest::newRow("IPv6 and port") << "[::1]:8080"
                                   << "[::1]";
    QTest::newRow("IPv6") << "[::1]"
                          << "[::1]";
    QTest::newRow("bare IPv6") << "::1"
                               << "::1";
    QTest::newRow("IPv4 and port") << "127.0.0.1:8080"
                                   << "127.0.0.1";
    QTest::newRow("empty") << ""
                           << "";
}

void TestRoutingTable::normaliseHost() {
    QFETCH(QString, header);
    QFETCH(QString, normalised);
    QCOMPARE(QString::fromStdString(RoutingTable::normaliseHost(header.toStdString())), normalised);
}

void TestRoutingTable::trace() {
    const RoutingTablePtr table = RoutingTable::compile(shop());
    using O = TraceStep::Outcome;
    {
        const Request r(-1, QStringLiteral("POST"), QStringLiteral("abc.bar.com"),
                        QStringLiteral("/v1/items"), {QStringLiteral("X-Canary: true")});
        MatchTrace t;
        table->match(r.info, &t);
        const QByteArray text = traceText(t).toUtf8();
        QVERIFY2(hasStep(t, O::Selected, "host abc.bar.com", "exact match"), text.constData());
        QVERIFY2(hasStep(t, O::Skipped, "host *.bar.com", "not tried: exact host wins"),
                 text.constData());
        QVERIFY2(hasStep(t, O::Rejected, "route #2 Exact /login", "path differs"),
                 text.constData());
        QVERIFY2(hasStep(t, O::Rejected, "route #1 Prefix /api", "not under /api"),
                 text.constData());
        QVERIFY2(hasStep(t, O::Rejected, "route #3 Regex ^/v[0-9]+/items$",
                         "method POST not in [GET, HEAD]"),
                 text.constData());
        QVERIFY2(hasStep(t, O::Rejected, "host abc.bar.com", "no fall-through"), text.constData());
        QVERIFY2(hasStep(t, O::Selected, "default service fallback", "no route"), text.constData());
    }
    {
        const Request r(-1, QStringLiteral("GET"), QStringLiteral("abc.bar.com"),
                        QStringLiteral("/v1/items"), {QStringLiteral("X-Canary: no")});
        MatchTrace t;
        table->match(r.info, &t);
        QVERIFY2(hasStep(t, O::Rejected, "route #3 Regex ^/v[0-9]+/items$",
                         "header x-canary is 'no', not 'true'"),
                 qPrintable(traceText(t)));
    }
    {
        const Request r(-1, QStringLiteral("GET"), QStringLiteral("a.b.bar.com"),
                        QStringLiteral("/"), {});
        MatchTrace t;
        table->match(r.info, &t);
        QVERIFY2(hasStep(t, O::Rejected, "host *.bar.com", "exactly one label"),
                 qPrintable(traceText(t)));
    }
    {
        // Steps after the chosen route are reported as not reached.
        const Request r(-1, QStringLiteral("GET"), QStringLiteral("k12.test"),
                        QStringLiteral("/foo"), {});
        MatchTrace t;
        RoutingTable::compile(kubernetesExamples())->match(r.info, &t);
        QVERIFY2(hasStep(t, O::Selected, "route #2 Exact /foo", "path equals /foo"),
                 qPrintable(traceText(t)));
        QVERIFY2(hasStep(t, O::Skipped, "route #1 Prefix /foo", "not reached"),
                 qPrintable(traceText(t)));
    }
    {
        const Request r(0, QStringLiteral("GET"), QStringLiteral("admin.bar.com"),
                        QStringLiteral("/"), {});
        MatchTrace t;
        table->match(r.info, &t);
        QVERIFY2(hasStep(t, O::Rejected, "host admin.bar.com",
                         "only on listener(s) internal; the request came on web"),
                 qPrintable(traceText(t)));
        QVERIFY2(hasStep(t, O::Selected, "host *.bar.com", "one label 'admin'"),
                 qPrintable(traceText(t)));
    }
    {
        Topology t;
        t.services = {service(QStringLiteral("a"))};
        t.hosts = {
            host(QStringLiteral("bad.test"), {regex(QStringLiteral("(["), QStringLiteral("a"))})};
        const Request r(-1, QStringLiteral("GET"), QStringLiteral("bad.test"), QStringLiteral("/x"),
                        {});
        MatchTrace trace;
        QCOMPARE(RoutingTable::compile(t)->match(r.info, &trace).kind, RouteMatch::Kind::NoMatch);
        QVERIFY2(hasStep(trace, O::Rejected, "route #1 Regex ([", "invalid regex"),
                 qPrintable(traceText(trace)));
    }
}

void TestRoutingTable::compiledListenersAndServices() {
    Topology t = shop();
    t.services[0].timeouts.connect = Duration(1500);
    t.services[0].endpoints = {Endpoint{QStringLiteral("127.0.0.1:9001"), 1, {}},
                               Endpoint{QStringLiteral("not an address"), 1, {}},
                               Endpoint{QStringLiteral("[::1]:9002"), 3, {}}};
    t.origin.filePath = QStringLiteral("/projects/shop/shop.yaml");
    const RoutingTablePtr table = RoutingTable::compile(t);

    QCOMPARE(table->listeners().size(), std::size_t(3));
    const CompiledListener &web = table->listeners()[0];
    QCOMPARE(web.address, std::string("127.0.0.1"));
    QCOMPARE(web.port, std::uint16_t(8080));
    QVERIFY(web.certificates.empty());
    QCOMPARE(table->listeners()[1].certificates, std::vector<int>{0});
    QCOMPARE(table->listeners()[2].address, std::string()); // ":9090": any address
    QCOMPARE(table->listeners()[2].port, std::uint16_t(9090));

    const CompiledService *food = table->findService("food");
    QVERIFY(food);
    QCOMPARE(food->connectTimeout, Duration(1500));
    QCOMPARE(food->responseTimeout, Duration(60000));
    QCOMPARE(food->idleTimeout, Duration(60000));
    QCOMPARE(food->endpoints.size(), std::size_t(2)); // the unparsable one is left out
    QCOMPARE(food->endpoints[1].index, 2);
    QCOMPARE(food->endpoints[1].host, std::string("::1"));
    QCOMPARE(food->endpoints[1].port, std::uint16_t(9002));
    QCOMPARE(food->endpoints[1].weight, 3);
    QCOMPARE(table->findService("abc")->connectTimeout, Duration(5000));
    QVERIFY(!table->findService("nope"));
    QCOMPARE(table->defaultService()->name, std::string("fallback"));

    QCOMPARE(table->certificates().size(), std::size_t(1));
    QCOMPARE(table->certificates()[0].certificatePath,
             QStringLiteral("/projects/shop/certs/bar-com.crt"));
    QCOMPARE(table->certificates()[0].privateKey, Certificate::keychain);

    const CompiledHost *abc = table->findHost("ABC.bar.com:8443");
    QVERIFY(abc);
    QCOMPARE(abc->certificate, 0);
    QVERIFY(abc->httpsRedirect);
    QCOMPARE(table->findHost("admin.bar.com", 0)->pattern, std::string("*.bar.com"));
    QCOMPARE(table->findHost("admin.bar.com", 2)->pattern, std::string("admin.bar.com"));
}

void TestRoutingTable::precedenceOrder() {
    const RoutingTablePtr table = RoutingTable::compile(shop());
    const CompiledHost *cond = table->findHost("cond.test");
    // postOnly /api, /api, deleteOnly /api/v1, testEnv /, / -> /api/v1 first, / last.
    QCOMPARE(cond->precedence, (std::vector<int>{2, 0, 1, 3, 4}));
    const CompiledHost *re = table->findHost("re.test");
    QCOMPARE(re->precedence, (std::vector<int>{3, 0, 1, 2, 4}));
    const CompiledHost *abc = table->findHost("abc.bar.com");
    QCOMPARE(abc->precedence, (std::vector<int>{1, 0, 2}));
    QVERIFY(abc->routes[2].regex.has_value());
    QCOMPARE(abc->routes[2].methods, (std::vector<std::string>{"GET", "HEAD"}));
    QCOMPARE(abc->routes[2].headers[0].first, std::string("x-canary"));
    QVERIFY(!table->findHost("bad.test")->routes[0].regex.has_value());
}

void TestRoutingTable::robustOnBrokenDocuments() {
    Topology t;
    t.listeners = {listener(QStringLiteral("l"), QStringLiteral("junk"), Protocol::Https)};
    t.services = {service(QStringLiteral("s"), {QStringLiteral("nope"), QString()})};
    t.defaultService = QStringLiteral("missing");
    VirtualHost weird =
        host(QStringLiteral("*."), {regex(QStringLiteral("("), QStringLiteral("s"))});
    VirtualHost empty =
        host(QString(), {prefix(QString(), QString()), exact(QString(), QStringLiteral("s"))},
             QStringLiteral("no-such-cert"));
    empty.listeners = {QStringLiteral("no-such-listener")};
    VirtualHost star =
        host(QStringLiteral("*"), {prefix(QStringLiteral("relative"), QStringLiteral("s"))});
    t.hosts = {weird, empty, star, host(QStringLiteral("ok.test"), {})};
    const RoutingTablePtr table = RoutingTable::compile(t);
    QCOMPARE(table->listeners()[0].port, std::uint16_t(0));
    QVERIFY(table->services()[0].endpoints.empty());
    QVERIFY(!table->defaultService());
    for (const char *h : {"", "*", "*.", ".", "..", "x.", "ok.test", "[", "[::1", ":", "a:b:c"}) {
        for (const char *p : {"", "/", "relative", "//", "/a"}) {
            RequestInfo info;
            info.host = h;
            info.path = p;
            info.listener = 0;
            MatchTrace trace;
            const RouteMatch m = table->match(info, &trace);
            QCOMPARE(m.kind, table->match(info).kind);
        }
    }
    RequestInfo ok;
    ok.host = "ok.test";
    ok.path = "/";
    QCOMPARE(table->match(ok).kind, RouteMatch::Kind::NoMatch);
    QCOMPARE(table->match(ok).host->pattern, std::string("ok.test"));
    // A Host header longer than any host name is simply unknown.
    const std::string longHost(5000, 'a');
    ok.host = longHost;
    QVERIFY(!table->match(ok).host);
}

void TestRoutingTable::concurrentMatches() {
    const RoutingTablePtr table = RoutingTable::compile(shop());
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            const Request a(-1, QStringLiteral("GET"), QStringLiteral("abc.bar.com"),
                            QStringLiteral("/v7/items"), {QStringLiteral("X-Canary: true")});
            const Request b(-1, QStringLiteral("GET"), QStringLiteral("rw.test"),
                            QStringLiteral("/r/abc/def"), {});
            for (int i = 0; i < 2000; ++i) {
                const RouteMatch ma = table->match(a.info);
                const RouteMatch mb = table->match(b.info);
                if (!ma.route || ma.route->index != 2 || mb.upstreamPath != "/s/def")
                    ++wrong;
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    QCOMPARE(wrong.load(), 0);
}

QTEST_GUILESS_MAIN(TestRoutingTable)
#include "tst_routingtable.moc"
