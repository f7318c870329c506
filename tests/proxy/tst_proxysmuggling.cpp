// Every malformed or smuggling request is answered with its error status, the connection is
// closed, and nothing reaches the backend (which counts what it receives).
#include "model/routing/routingtable.h"
#include "proxy/proxyengine.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/malformedrequests.h"
#include "tests/proxy/originfixture.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <QTest>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

class TestProxySmuggling : public QObject, protected OriginFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void rejected_data();
    void rejected();
    void validRequestStillServed();

private:
};

void TestProxySmuggling::initTestCase() {
    proxy::ProxySettings settings;
    settings.workers = 2;
    startOrigin(settings);
}

void TestProxySmuggling::cleanupTestCase() {
    stopOrigin();
}

void TestProxySmuggling::rejected_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    for (const MalformedRequest &m : malformedRequests())
        QTest::newRow(m.name) << m.bytes << m.status;
}

void TestProxySmuggling::rejected() {
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    m_backend->reset();
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    client.send(raw);
    const auto response = client.read(5000);
    QVERIFY2(response.has_value(), "no response");
    QCOMPARE(response->status, status);
    QVERIFY(!response->header("x-request-id").isEmpty());
    QVERIFY(response->body.contains(response->header("x-request-id")));
    QCOMPARE(response->header("connection").toLower(), QByteArray("close"));
    QVERIFY2(client.waitClosed(3000), "connection left open");
    QCOMPARE(m_backend->requests(), 0);
    QCOMPARE(m_backend->connections(), 0);
}

void TestProxySmuggling::validRequestStillServed() {
    // The same engine still serves well-formed requests (the backend is reachable).
    m_backend->reset();
    const auto response = request(m_port, get("a.test", "/ok"));
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 200);
    QCOMPARE(m_backend->requests(), 1);
}

QTEST_GUILESS_MAIN(TestProxySmuggling)
#include "tst_proxysmuggling.moc"
