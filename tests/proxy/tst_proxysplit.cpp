// Traffic splits end to end: two real backends on loopback behind the engine (two workers);
// the share each gets follows the weights, weight 0 drains, and the per-service metrics count
// each request against the service that served it.
#include "model/routing/routingtable.h"
#include "proxy/proxyengine.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <memory>
#include <QTest>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

namespace {

Route split(const QString &path, QList<std::pair<QString, int>> weights) {
    Route r = route(path, PathType::Prefix, QString());
    for (const auto &[name, weight] : weights)
        r.backends << RouteBackend{name, weight, {}};
    return r;
}

} // namespace

class TestProxySplit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_stable = std::make_unique<TestBackend>(QStringLiteral("stable"));
        m_canary = std::make_unique<TestBackend>(QStringLiteral("canary"));
        Topology t;
        t.listeners << Listener{
            QStringLiteral("web"), QStringLiteral("127.0.0.1:0"), Protocol::Http, {}};
        t.services << service(QStringLiteral("stable"), {m_stable->address()});
        t.services << service(QStringLiteral("canary"), {m_canary->address()});
        t.hosts << host(
            QStringLiteral("split.test"),
            {split(QStringLiteral("/three-to-one"),
                   {{QStringLiteral("stable"), 3}, {QStringLiteral("canary"), 1}}),
             split(QStringLiteral("/ninety-ten"),
                   {{QStringLiteral("stable"), 90}, {QStringLiteral("canary"), 10}}),
             split(QStringLiteral("/drained"),
                   {{QStringLiteral("stable"), 0}, {QStringLiteral("canary"), 5}}),
             split(QStringLiteral("/nowhere"),
                   {{QStringLiteral("stable"), 0}, {QStringLiteral("canary"), 0}}),
             route(QStringLiteral("/single"), PathType::Prefix, QStringLiteral("stable"))});
        proxy::ProxySettings settings;
        settings.workers = 2;
        m_engine = std::make_unique<proxy::ProxyEngine>(settings);
        QVERIFY(m_engine->start(RoutingTable::compile(t)));
        m_port = m_engine->port(QStringLiteral("web"));
        QVERIFY(m_port != 0);
    }
    void cleanupTestCase() {
        m_engine->stop(Duration(1000));
        m_engine.reset();
    }

    void shares_data() {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("requests");
        QTest::addColumn<double>("stableShare");
        QTest::newRow("3:1") << QByteArray("/three-to-one/x") << 400 << 0.75;
        QTest::newRow("90:10") << QByteArray("/ninety-ten/x") << 400 << 0.90;
        QTest::newRow("drained") << QByteArray("/drained/x") << 100 << 0.0;
        QTest::newRow("one service") << QByteArray("/single/x") << 50 << 1.0;
    }
    void shares() {
        QFETCH(QByteArray, path);
        QFETCH(int, requests);
        QFETCH(double, stableShare);
        m_stable->reset();
        m_canary->reset();
        const auto before = m_engine->metricsSnapshot();
        for (int i = 0; i < requests; ++i) {
            // A new connection each time: requests land on both workers.
            const auto response = request(m_port, get("split.test", path));
            QVERIFY(response.has_value());
            QCOMPARE(response->status, 200);
        }
        const int stable = m_stable->requests();
        QCOMPARE(stable + m_canary->requests(), requests);
        if (stableShare == 0.0 || stableShare == 1.0) // drained or unsplit: all or nothing
            QCOMPARE(stable, int(stableShare * requests));
        // Within 3% of the requests: each worker's picks follow a low-discrepancy sequence.
        const double expected = stableShare * requests;
        QVERIFY2(std::abs(stable - expected) <= 0.03 * requests,
                 qPrintable(QStringLiteral("stable got %1 of %2, expected %3")
                                .arg(stable)
                                .arg(requests)
                                .arg(expected)));
        // The per-service counters attribute each request to the service that served it.
        QTRY_VERIFY_WITH_TIMEOUT(servedBy("stable", before) + servedBy("canary", before) ==
                                     std::uint64_t(requests),
                                 3000);
        QCOMPARE(servedBy("stable", before), std::uint64_t(stable));
    }

    void sendsNowhereAnswers503() {
        m_stable->reset();
        m_canary->reset();
        const auto response = request(m_port, get("split.test", "/nowhere"));
        QVERIFY(response.has_value());
        QCOMPARE(response->status, 503);
        QCOMPARE(m_stable->requests() + m_canary->requests(), 0);
    }

private:
    std::uint64_t servedBy(const char *service, const proxy::MetricsSnapshot &before) const {
        auto count = [service](const proxy::MetricsSnapshot &s) {
            const auto found = s.subjects.find({proxy::MetricScope::Service, service});
            return found == s.subjects.end() ? std::uint64_t(0) : found->second.requests;
        };
        return count(m_engine->metricsSnapshot()) - count(before);
    }

    std::unique_ptr<TestBackend> m_stable, m_canary;
    std::unique_ptr<proxy::ProxyEngine> m_engine;
    quint16 m_port = 0;
};

QTEST_GUILESS_MAIN(TestProxySplit)
#include "tst_proxysplit.moc"
