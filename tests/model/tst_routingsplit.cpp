// Traffic splits in the routing table: compiling `service` / `backends`, the weighted pick by
// ticket, draining, and what explain says about a split.
#include "model/routing/explainer.h"
#include "model/routing/routingtable.h"
#include "model/topology/backendstext.h"

#include <algorithm>
#include <map>
#include <QJsonArray>
#include <QTest>

using namespace ingress;

namespace {

using Weights = QList<std::pair<QString, int>>;

Topology splitTopology(const Weights &weights) {
    Topology t;
    for (const char *name : {"a", "b", "c"}) {
        Service s;
        s.name = QString::fromLatin1(name);
        s.endpoints = {Endpoint{QStringLiteral("127.0.0.1:9000"), 1, {}}};
        t.services << s;
    }
    VirtualHost host;
    host.host = QStringLiteral("split.test");
    Route route;
    route.firstMatch().path = QStringLiteral("/");
    for (const auto &[service, weight] : weights)
        route.backends << RouteBackend{service, weight, {}};
    host.routes << route;
    t.hosts << host;
    return t;
}

RouteMatch matchWith(const RoutingTable &table, std::uint64_t ticket) {
    RequestInfo info;
    info.host = "split.test";
    info.path = "/x";
    info.splitTicket = ticket;
    return table.match(info);
}

} // namespace

class TestRoutingSplit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oneServiceIsOneBackend() {
        Topology t = splitTopology({});
        t.hosts[0].routes[0].service = QStringLiteral("b");
        const RoutingTablePtr table = RoutingTable::compile(t);
        const CompiledRoute &route = table->hosts()[0].routes[0];
        QCOMPARE(route.backends.size(), std::size_t(1));
        QCOMPARE(route.backends[0].service, 1);
        QCOMPARE(route.backends[0].weight, 1u);
        QVERIFY(!route.isSplit());
        for (std::uint64_t ticket : {0u, 1u, 77u})
            QCOMPARE(matchWith(*table, ticket).service->name, std::string("b"));
    }

    void shares_data() {
        QTest::addColumn<Weights>("weights");
        QTest::addColumn<int>("requests");
        QTest::newRow("90/10") << Weights{{"a", 90}, {"b", 10}} << 300;
        QTest::newRow("50/50") << Weights{{"a", 1}, {"b", 1}} << 200;
        QTest::newRow("1/1/2") << Weights{{"a", 1}, {"b", 1}, {"c", 2}} << 400;
        QTest::newRow("one drained") << Weights{{"a", 3}, {"b", 0}, {"c", 1}} << 400;
        QTest::newRow("large weights") << Weights{{"a", 999999}, {"b", 1000000}} << 500;
        QTest::newRow("tiny share") << Weights{{"a", 99}, {"b", 1}} << 1000;
        QTest::newRow("unknown left out") << Weights{{"a", 1}, {"nope", 5}, {"b", 1}} << 200;
    }
    void shares() {
        QFETCH(Weights, weights);
        QFETCH(int, requests);
        const RoutingTablePtr table = RoutingTable::compile(splitTopology(weights));
        std::map<std::string, int> counts;
        // Any run of consecutive tickets: a worker's counter starts anywhere once it has
        // served other routes.
        for (std::uint64_t ticket = 1000; ticket < 1000u + std::uint64_t(requests); ++ticket)
            ++counts[matchWith(*table, ticket).service->name];
        qint64 total = 0;
        for (const auto &[service, weight] : weights)
            if (service != QLatin1String("nope"))
                total += weight;
        for (const auto &[service, weight] : weights) {
            const double expected = double(requests) * weight / double(total);
            const int got = counts[service.toStdString()];
            if (service == QLatin1String("nope") || weight == 0) {
                QCOMPARE(got, 0);
                continue;
            }
            // Low discrepancy: within 1% of the requests (and two requests), far tighter than
            // the few percent a random pick would need.
            QVERIFY2(std::abs(got - expected) <= std::max(2.0, 0.01 * requests),
                     qPrintable(QStringLiteral("%1: %2 of %3, expected %4")
                                    .arg(service)
                                    .arg(got)
                                    .arg(requests)
                                    .arg(expected)));
        }
    }

    void ticketZeroTakesTheFirstWeighted() {
        const RoutingTablePtr table =
            RoutingTable::compile(splitTopology({{"a", 0}, {"b", 5}, {"c", 5}}));
        QCOMPARE(matchWith(*table, 0).service->name, std::string("b"));
    }

    void allDrainedSendsNowhere() {
        const RoutingTablePtr table = RoutingTable::compile(splitTopology({{"a", 0}, {"b", 0}}));
        const RouteMatch match = matchWith(*table, 3);
        QCOMPARE(match.kind, RouteMatch::Kind::Route);
        QVERIFY(match.route);
        QVERIFY(!match.service);
        QCOMPARE(match.route->totalWeight, 0u);
        MatchTrace trace;
        RequestInfo info;
        info.host = "split.test";
        info.path = "/";
        table->match(info, &trace);
        QVERIFY(std::any_of(trace.begin(), trace.end(), [](const TraceStep &step) {
            return step.reason.find("every backend has weight 0") != std::string::npos;
        }));
    }

    void explainNamesTheBackends() {
        const Explainer explainer(RoutingTable::compile(splitTopology({{"a", 90}, {"b", 10}})));
        const Explanation e =
            explainer.explain({QStringLiteral("http://split.test/x"), QStringLiteral("GET"), {}});
        QVERIFY(e.ok());
        const QString text = e.toText();
        QVERIFY2(text.contains(QLatin1String("backends  a 90 (90%), b 10 (10%)")),
                 qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("split by weight between a 90 (90%), b 10 (10%)")),
                 qPrintable(text));
        const QJsonObject json = e.toJson();
        const QJsonArray backends = json[QStringLiteral("backends")].toArray();
        QCOMPARE(backends.size(), 2);
        QCOMPARE(backends[1].toObject()[QStringLiteral("service")].toString(), QStringLiteral("b"));
        QCOMPARE(backends[1].toObject()[QStringLiteral("weight")].toInt(), 10);
    }

    void backendsText_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("formatted");
        QTest::newRow("two") << "food*90, food-canary*10" << true << "food*90, food-canary*10";
        QTest::newRow("spaces and default") << " a , b * 3" << true << "a*1, b*3";
        QTest::newRow("drained") << "a*0,b*1" << true << "a*0, b*1";
        QTest::newRow("empty") << "" << true << "";
        QTest::newRow("no name") << "*5" << false << "";
        QTest::newRow("bad weight") << "a*x" << false << "";
        QTest::newRow("negative") << "a*-1" << false << "";
        QTest::newRow("too large") << "a*1000001" << false << "";
        QTest::newRow("trailing comma") << "a*1," << false << "";
    }
    void backendsText() {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(QString, formatted);
        QString error;
        const auto parsed = backendstext::parse(text, &error);
        QCOMPARE(parsed.has_value(), ok);
        if (ok)
            QCOMPARE(backendstext::format(*parsed), formatted);
        else
            QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRoutingSplit)
#include "tst_routingsplit.moc"
