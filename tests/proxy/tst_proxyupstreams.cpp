// The engine's upstream side (real backends on port 0): keep-alive reuse of pooled
// connections, upstream failures and timeouts, retries, round-robin, active health checks.
#include "tests/common/topologybuilders.h"
#include "tests/proxy/enginefixture.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <QElapsedTimer>
#include <QTest>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

class TestProxyUpstreams : public QObject, protected EngineFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { startEngine(); }
    void cleanupTestCase() { stopEngine(); }
    void keepAliveReusesUpstream();
    void upstreamFailures_data();
    void upstreamFailures();
    void retryOnConnectFailure();
    void roundRobinAcrossEndpoints();
    void unhealthyServiceAnswers503();
};

void TestProxyUpstreams::keepAliveReusesUpstream() {
    m_beta->reset();
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    for (int i = 0; i < 20; ++i) {
        client.send(get("b.wild.test", "/n/" + QByteArray::number(i)));
        const auto response = client.read();
        QVERIFY(response.has_value());
        QCOMPARE(response->status, 200);
        QVERIFY(response->header("connection").isEmpty());
    }
    QCOMPARE(m_beta->requests(), 20);
    // One client connection lives on one worker: at most one new pooled upstream connection
    // (none when an earlier test left one idle there).
    QVERIFY(m_beta->connections() <= 1);
}

void TestProxyUpstreams::upstreamFailures_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("maxMs");
    QTest::newRow("refused") << get("dead.test", "/") << 502 << 3000;
    QTest::newRow("malformed-response") << get("alpha.test", "/garbage") << 502 << 3000;
    QTest::newRow("upstream-status") << get("alpha.test", "/status/503") << 503 << 3000;
    QTest::newRow("response-timeout") << get("slow.test", "/stall") << 504 << 2000;
    QTest::newRow("slow-but-in-time") << get("slow.test", "/slow/100") << 200 << 2000;
    QTest::newRow("until-close") << get("alpha.test", "/close") << 200 << 3000;
}

void TestProxyUpstreams::upstreamFailures() {
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    QFETCH(int, maxMs);
    QElapsedTimer timer;
    timer.start();
    const auto response = request(m_port, raw, maxMs + 1000);
    QVERIFY(response.has_value());
    QCOMPARE(response->status, status);
    QVERIFY(timer.elapsed() < maxMs);
    if (status >= 502 && response->header("x-backend").isEmpty())
        QVERIFY(response->body.contains(response->header("x-request-id")));
}

void TestProxyUpstreams::retryOnConnectFailure() {
    for (int i = 0; i < 6; ++i) {
        const auto response = request(m_port, get("retry.test", "/r"));
        QVERIFY(response.has_value());
        QCOMPARE(response->status, 200);
        QCOMPARE(response->header("x-backend"), QByteArray("alpha"));
    }
    // Not idempotent: no retry, the failed connect is the answer when it is picked.
    int failures = 0;
    for (int i = 0; i < 6; ++i) {
        const auto response =
            request(m_port, "POST /r HTTP/1.1\r\nHost: retry.test\r\nContent-Length: 1\r\n\r\nx");
        QVERIFY(response.has_value());
        failures += response->status == 502;
    }
    QVERIFY(failures < 6);
}

void TestProxyUpstreams::roundRobinAcrossEndpoints() {
    m_alpha->reset();
    m_beta->reset();
    for (int i = 0; i < 20; ++i) {
        const auto response = request(m_port, get("pair.test", "/rr"));
        QVERIFY(response.has_value());
        QCOMPARE(response->status, 200);
    }
    QCOMPARE(m_alpha->requests() + m_beta->requests(), 20);
    QVERIFY2(m_alpha->requests() >= 7 && m_beta->requests() >= 7,
             qPrintable(QStringLiteral("%1/%2").arg(m_alpha->requests()).arg(m_beta->requests())));
}

void TestProxyUpstreams::unhealthyServiceAnswers503() {
    // The active checker probes /status/500 every 100 ms: the only endpoint goes down.
    QTRY_COMPARE_WITH_TIMEOUT(request(m_port, get("sick.test", "/"))->status, 503, 5000);
    const auto response = request(m_port, get("sick.test", "/"));
    QVERIFY(response.has_value());
    QCOMPARE(response->header("retry-after"), QByteArray("5"));
    QVERIFY(response->body.contains(response->header("x-request-id")));
}

QTEST_GUILESS_MAIN(TestProxyUpstreams)
#include "tst_proxyupstreams.moc"
