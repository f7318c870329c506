#include "export/kubernetesimporter.h"
#include "model/routing/routingtable.h"
#include "model/validation/validator.h"
#include "proxy/proxyengine.h"
#include "tests/common/diagnosticstext.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <memory>
#include <QTest>

using namespace ingress;
using namespace ingress::test;

// A Gateway API manifest imported with --endpoint bindings (no Service objects: the bindings
// make them) and served by the embedded engine: matching and weights as the manifest says.
class TestGatewayImportServe : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void requests_data();
    void requests();
    void weights();

private:
    QByteArray backendFor(const QByteArray &host, const QByteArray &target,
                          const QByteArray &headers = {});

    std::unique_ptr<TestBackend> m_web, m_api, m_canary;
    std::unique_ptr<proxy::ProxyEngine> m_engine;
    quint16 m_port = 0;
};

void TestGatewayImportServe::initTestCase() {
    m_web = std::make_unique<TestBackend>(QStringLiteral("web"));
    m_api = std::make_unique<TestBackend>(QStringLiteral("api"));
    m_canary = std::make_unique<TestBackend>(QStringLiteral("canary"));
    const ImportResult result =
        KubernetesImporter::importFiles({QStringLiteral(INGRESS_TEST_DATA "/gateway/serve.yaml")},
                                        {{QStringLiteral("shop/web"), m_web->address()},
                                         {QStringLiteral("shop/api"), m_api->address()},
                                         {QStringLiteral("shop/canary"), m_canary->address()}});
    QVERIFY(result.ok());
    Topology topology = result.topology;
    QCOMPARE(topology.listeners.size(), 1);
    QCOMPARE(topology.listeners[0].bind, QStringLiteral("127.0.0.1:8080"));
    const Diagnostics problems = Validator::validate(result.topology);
    QVERIFY2(!hasErrors(problems), qPrintable(testing::dump(problems)));
    topology.listeners[0].bind = QStringLiteral("127.0.0.1:0"); // tests listen on port 0
    m_engine = std::make_unique<proxy::ProxyEngine>();
    QStringList errors;
    QVERIFY2(m_engine->start(RoutingTable::compile(topology), &errors),
             qPrintable(errors.join(u'\n')));
    m_port = m_engine->port(QStringLiteral("gw-web"));
    QVERIFY(m_port != 0);
}

void TestGatewayImportServe::cleanupTestCase() {
    if (m_engine)
        m_engine->stop(Duration(1000));
    m_engine.reset();
}

QByteArray TestGatewayImportServe::backendFor(const QByteArray &host, const QByteArray &target,
                                              const QByteArray &headers) {
    const auto response = request(m_port, get(host, target, headers), 5000);
    if (!response)
        return "no answer";
    if (response->status != 200)
        return "status " + QByteArray::number(response->status);
    return response->header("X-Backend");
}

void TestGatewayImportServe::requests_data() {
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArray>("backend");

    QTest::newRow("Exact path") << QByteArray("shop.test") << QByteArray("/exact") << QByteArray()
                                << QByteArray("api");
    QTest::newRow("Exact path, longer: the PathPrefix / rule")
        << QByteArray("shop.test") << QByteArray("/exact/more") << QByteArray()
        << QByteArray("web");
    QTest::newRow("header match") << QByteArray("shop.test") << QByteArray("/h/x")
                                  << QByteArray("X-Env: canary\r\n") << QByteArray("canary");
    QTest::newRow("header missing")
        << QByteArray("shop.test") << QByteArray("/h/x") << QByteArray() << QByteArray("web");
    QTest::newRow("header with another value")
        << QByteArray("shop.test") << QByteArray("/h/x") << QByteArray("X-Env: prod\r\n")
        << QByteArray("web");
    QTest::newRow("query parameter match")
        << QByteArray("shop.test") << QByteArray("/q?a=b&debug=1") << QByteArray()
        << QByteArray("api");
    QTest::newRow("query parameter with another value")
        << QByteArray("shop.test") << QByteArray("/q?debug=2") << QByteArray() << QByteArray("web");
    // Gateway API answers 500 for a rule whose only backendRef does not resolve.
    QTest::newRow("unresolvable backendRef") << QByteArray("shop.test") << QByteArray("/ghost/x")
                                             << QByteArray() << QByteArray("status 500");
    QTest::newRow("route without hostnames: every other host")
        << QByteArray("elsewhere.test") << QByteArray("/exact") << QByteArray()
        << QByteArray("canary");
}

void TestGatewayImportServe::requests() {
    QFETCH(QByteArray, host);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, backend);
    QCOMPARE(backendFor(host, target, headers), backend);
}

// weight 3 : 1 : 0 over 200 requests.
void TestGatewayImportServe::weights() {
    QMap<QByteArray, int> counts;
    for (int i = 0; i < 200; ++i)
        ++counts[backendFor("shop.test", "/split/" + QByteArray::number(i))];
    QCOMPARE(counts.value("web"), 0);
    QCOMPARE(counts.value("api") + counts.value("canary"), 200);
    QVERIFY2(counts.value("canary") >= 25 && counts.value("canary") <= 80,
             qPrintable(QStringLiteral("canary got %1 of 200").arg(counts.value("canary"))));
}

QTEST_GUILESS_MAIN(TestGatewayImportServe)
#include "tst_gatewayimportserve.moc"
