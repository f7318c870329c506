#include "model/routing/routingtable.h"
#include "tests/model/routingfixtures.h"
#include "tests/model/routingrequest.h"

#include <atomic>
#include <QTest>
#include <thread>

using namespace ingress;
using namespace ingress::testing;

namespace {

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

// RoutingTable beyond single matches (tst_routinghosts, tst_routingpaths, tst_routingrewrites):
// the trace, what it compiles, precedence, broken documents, concurrent readers.
class TestRoutingTable : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trace();
    void compiledListenersAndServices();
    void precedenceOrder();
    void robustOnBrokenDocuments();
    void concurrentMatches();
};

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
    QCOMPARE(abc->routes[2].headers[0].name, std::string("x-canary"));
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
    // A Host header longer than any host name is simply unknown: only the '*' host takes it.
    const std::string longHost(5000, 'a');
    ok.host = longHost;
    QVERIFY(table->match(ok).host);
    QCOMPARE(table->match(ok).host->pattern, std::string("*"));
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
