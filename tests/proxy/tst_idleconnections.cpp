// Idle plain-HTTP keep-alive connections give up their QTcpSocket ("parked" on the worker's
// epoll set, docs/performance.md): many of them must still answer their next request, pipelined
// or split across packets, and the keep-alive timeout, client closes and drain must still close
// them.
#include "model/routing/routingtable.h"
#include "proxy/proxyengine.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/originfixture.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <memory>
#include <QElapsedTimer>
#include <QTest>
#include <vector>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

class TestIdleConnections : public QObject, protected OriginFixture {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void manyIdleConnectionsStillAnswered();
    void pipelinedAndSplitRequestsAfterIdle();
    void idleTimeoutClosesParked();
    void clientCloseWhileParked();
    void drainClosesParked();

private:
    // Opens `count` connections that each made one request: all idle afterwards.
    std::vector<std::unique_ptr<RawClient>> openIdle(int count);
};

void TestIdleConnections::init() {
    proxy::ProxySettings settings;
    settings.workers = 2;
    // Short only where the idle timeout itself is under test: opening hundreds of connections
    // one by one on a busy machine must not outlast it.
    const bool timeoutTest = qstrcmp(QTest::currentTestFunction(), "idleTimeoutClosesParked") == 0;
    settings.keepAliveTimeout = Duration(timeoutTest ? 1500 : 30000);
    settings.parkIdleAfter = Duration(0); // park at the next sweep (100 ms)
    startOrigin(settings);
}

void TestIdleConnections::cleanup() {
    stopOrigin();
}

std::vector<std::unique_ptr<RawClient>> TestIdleConnections::openIdle(int count) {
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < count; ++i) {
        auto client = std::make_unique<RawClient>();
        if (!client->connectTo(m_port))
            return {};
        client->send(get("a", "/"));
        const auto response = client->read();
        if (!response || response->status != 200)
            return {};
        clients.push_back(std::move(client));
    }
    QTest::qWait(300); // responses flushed and a sweep passed: every connection is parked now
    return clients;
}

void TestIdleConnections::manyIdleConnectionsStillAnswered() {
    auto clients = openIdle(300);
    QCOMPARE(int(clients.size()), 300);
    QCOMPARE(m_engine->activeConnections(), 300);
    // Twice: a connection resumed once parks again after its next response.
    for (int round = 0; round < 2; ++round) {
        for (auto &client : clients)
            client->send(get("a", "/"));
        for (auto &client : clients) {
            const auto response = client->read();
            QVERIFY(response.has_value());
            QCOMPARE(response->status, 200);
        }
        QTest::qWait(100);
    }
    QCOMPARE(m_backend->requests(), 900);
    QCOMPARE(m_engine->activeConnections(), 300);
}

void TestIdleConnections::pipelinedAndSplitRequestsAfterIdle() {
    auto clients = openIdle(2);
    QCOMPARE(int(clients.size()), 2);
    // Two pipelined requests wake one idle connection: both answered, in order.
    clients[0]->send(get("a", "/first") + get("a", "/second"));
    auto first = clients[0]->read();
    auto second = clients[0]->read();
    QVERIFY(first && second);
    QCOMPARE(first->status, 200);
    QCOMPARE(second->status, 200);
    // A head split over two packets: the first bytes wake it, the rest completes it.
    clients[1]->send("GET / HT");
    QTest::qWait(100);
    clients[1]->send("TP/1.1\r\nHost: a\r\n\r\n");
    const auto split = clients[1]->read();
    QVERIFY(split.has_value());
    QCOMPARE(split->status, 200);
}

void TestIdleConnections::idleTimeoutClosesParked() {
    auto clients = openIdle(50);
    QCOMPARE(int(clients.size()), 50);
    QElapsedTimer timer;
    timer.start();
    for (auto &client : clients) {
        QVERIFY(client->waitClosed(4000));
        QVERIFY(client->pending().isEmpty()); // closed quietly
    }
    QVERIFY(timer.elapsed() >= 1000);
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->activeConnections(), 0, 3000);
}

void TestIdleConnections::clientCloseWhileParked() {
    auto clients = openIdle(20);
    QCOMPARE(int(clients.size()), 20);
    clients.clear(); // the clients close: the parked descriptors turn readable (EOF)
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->activeConnections(), 0, 1000); // before the timeout
}

void TestIdleConnections::drainClosesParked() {
    auto clients = openIdle(20);
    QCOMPARE(int(clients.size()), 20);
    QElapsedTimer timer;
    timer.start();
    m_engine->stop(Duration(3000));
    QVERIFY(timer.elapsed() < 1000);
    for (auto &client : clients)
        QVERIFY(client->waitClosed(1000));
}

QTEST_GUILESS_MAIN(TestIdleConnections)
#include "tst_idleconnections.moc"
