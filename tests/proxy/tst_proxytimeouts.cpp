// Timeouts and misbehaving peers: slowloris heads (408), idle keep-alive, connect and response
// timeouts, clients that vanish mid-body, and graceful drain on stop.
#include "model/routing/routingtable.h"
#include "proxy/proxyengine.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <QElapsedTimer>
#include <QTest>
#include <sys/socket.h>
#include <unistd.h>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

class TestProxyTimeouts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void slowHead_data();
    void slowHead();
    void idleKeepAliveClosed();
    void idleBeforeFirstByteClosed();
    void connectTimeout();
    void clientVanishesMidBody();
    void halfClosedClient();
    void drainLetsRequestsFinish();

private:
    std::unique_ptr<TestBackend> m_backend;
    std::unique_ptr<proxy::ProxyEngine> m_engine;
    quint16 m_port = 0;
    // A listener that never accepts, its queue filled: further connects hang (SYNs dropped).
    int m_blackhole = -1;
    quint16 m_blackholePort = 0;
    std::vector<std::unique_ptr<QTcpSocket>> m_fillers;
};

void TestProxyTimeouts::initTestCase() {
    m_backend = std::make_unique<TestBackend>(QStringLiteral("origin"));
    m_blackhole = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QVERIFY(::bind(m_blackhole, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0);
    QVERIFY(::listen(m_blackhole, 0) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(m_blackhole, reinterpret_cast<sockaddr *>(&addr), &len);
    m_blackholePort = ntohs(addr.sin_port);
    for (int i = 0; i < 4; ++i) {
        m_fillers.push_back(std::make_unique<QTcpSocket>());
        m_fillers.back()->connectToHost(QHostAddress::LocalHost, m_blackholePort);
        m_fillers.back()->waitForConnected(200);
    }
    Topology t;
    t.listeners = {listener(QStringLiteral("web"))};
    Service blackhole =
        service(QStringLiteral("blackhole"), {QStringLiteral("127.0.0.1:%1").arg(m_blackholePort)});
    blackhole.timeouts.connect = Duration(300);
    t.services = {service(QStringLiteral("origin"), {m_backend->address()}), blackhole};
    t.hosts = {host(QStringLiteral("blackhole.test"),
                    {prefix(QStringLiteral("/"), QStringLiteral("blackhole"))})};
    t.defaultService = QStringLiteral("origin");
    proxy::ProxySettings settings;
    settings.workers = 2;
    settings.headerTimeout = Duration(400);
    settings.keepAliveTimeout = Duration(400);
    m_engine = std::make_unique<proxy::ProxyEngine>(settings);
    QVERIFY(m_engine->start(RoutingTable::compile(t)));
    m_port = m_engine->port(QStringLiteral("web"));
}

void TestProxyTimeouts::cleanupTestCase() {
    m_engine.reset();
    m_backend.reset();
    m_fillers.clear();
    ::close(m_blackhole);
}

void TestProxyTimeouts::slowHead_data() {
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<bool>("drip"); // keep sending a byte every 50 ms
    QTest::newRow("partial-line") << QByteArray("GET / HT") << false;
    QTest::newRow("partial-headers") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n") << false;
    QTest::newRow("drip-feed") << QByteArray("GET / HTTP/1.1\r\n") << true;
}

void TestProxyTimeouts::slowHead() {
    QFETCH(QByteArray, start);
    QFETCH(bool, drip);
    m_backend->reset();
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    QElapsedTimer timer;
    timer.start();
    client.send(start);
    if (drip) {
        // Progress does not extend the deadline: the whole head has 400 ms.
        for (int i = 0; i < 30 && client.socket().state() == QAbstractSocket::ConnectedState; ++i) {
            client.socket().write("X-Drip: 1\r\n");
            client.socket().waitForBytesWritten(100);
            if (client.socket().waitForReadyRead(50))
                break;
        }
    }
    const auto response = client.read(3000);
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 408);
    QVERIFY(client.waitClosed(3000));
    QVERIFY(timer.elapsed() >= 350);
    QVERIFY(timer.elapsed() < 1500);
    QCOMPARE(m_backend->requests(), 0);
}

void TestProxyTimeouts::idleKeepAliveClosed() {
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    client.send(get("a", "/"));
    QVERIFY(client.read().has_value());
    QElapsedTimer timer;
    timer.start();
    QVERIFY(client.waitClosed(3000));
    QVERIFY(timer.elapsed() >= 300);
    QVERIFY(client.pending().isEmpty()); // closed quietly, no 408
}

void TestProxyTimeouts::idleBeforeFirstByteClosed() {
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.waitClosed(3000));
    QVERIFY(client.pending().isEmpty());
}

void TestProxyTimeouts::connectTimeout() {
    QElapsedTimer timer;
    timer.start();
    const auto response = request(m_port, get("blackhole.test", "/"), 5000);
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 504);
    QVERIFY(timer.elapsed() >= 250);
    QVERIFY(timer.elapsed() < 2000);
}

void TestProxyTimeouts::clientVanishesMidBody() {
    for (int i = 0; i < 5; ++i) {
        RawClient client;
        QVERIFY(client.connectTo(m_port));
        client.send("POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n" +
                    QByteArray(5000, 'b'));
        client.socket().abort();
    }
    // Everyone else is still served, and the engine dropped those connections.
    const auto response = request(m_port, get("a", "/after"));
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->activeConnections() == 0, 3000);
}

void TestProxyTimeouts::halfClosedClient() {
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    client.send("GET /x HTTP/1.1\r\nHost: a\r\n"); // incomplete, then the client goes away
    client.socket().disconnectFromHost();
    const auto response = request(m_port, get("a", "/after-half-close"));
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->activeConnections() == 0, 3000);
}

void TestProxyTimeouts::drainLetsRequestsFinish() {
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    client.send(get("a", "/slow/300"));
    QTest::qWait(100); // in flight at the backend
    QElapsedTimer timer;
    timer.start();
    m_engine->stop(Duration(3000));
    QVERIFY(timer.elapsed() < 2500);
    const auto response = client.read(1000);
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("slow"));
    QCOMPARE(response->header("connection"), QByteArray("close"));
    RawClient late;
    QVERIFY(!late.connectTo(m_port, 500) || late.waitClosed(1000)); // no longer accepting
}

QTEST_GUILESS_MAIN(TestProxyTimeouts)
#include "tst_proxytimeouts.moc"
