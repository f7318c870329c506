// The engine end to end: real backends on port 0, raw clients, routing through the shared
// RoutingTable, forwarded headers, reloads and WebSocket tunnelling. Bodies and pipelining are
// in tst_proxybodies, upstream connections and failures in tst_proxyupstreams.
#include "model/routing/routingtable.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/enginefixture.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <QTest>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

class TestProxyEngine : public QObject, protected EngineFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { startEngine(); }
    void cleanupTestCase() { stopEngine(); }
    void routing_data();
    void routing();
    void notFoundPageCarriesRequestId();
    void directResponses_data();
    void directResponses();
    void forwardedHeaders();
    void webSocketTunnel();
    void reloadSwapsTable();
};

void TestProxyEngine::routing_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("backend"); // X-Backend, or Location for redirects
    QTest::addColumn<QByteArray>("upstreamLine");
    QTest::newRow("host-root") << get("alpha.test", "/x?q=1") << 200 << QByteArray("alpha")
                               << QByteArray("GET /x?q=1 HTTP/1.1");
    QTest::newRow("host-case-port") << get("ALPHA.test:8080", "/") << 200 << QByteArray("alpha")
                                    << QByteArray("GET / HTTP/1.1");
    QTest::newRow("prefix-rewrite")
        << get("alpha.test", "/api/users?id=7") << 200 << QByteArray("beta")
        << QByteArray("GET /v2/users?id=7 HTTP/1.1");
    QTest::newRow("prefix-not-partial") << get("alpha.test", "/apix") << 200 << QByteArray("alpha")
                                        << QByteArray("GET /apix HTTP/1.1");
    QTest::newRow("exact") << get("alpha.test", "/exact") << 200 << QByteArray("beta")
                           << QByteArray("GET /exact HTTP/1.1");
    QTest::newRow("exact-not-below")
        << get("alpha.test", "/exact/more") << 200 << QByteArray("alpha")
        << QByteArray("GET /exact/more HTTP/1.1");
    QTest::newRow("redirect") << get("alpha.test", "/old/page") << 301
                              << QByteArray("http://alpha.test/new") << QByteArray();
    QTest::newRow("method-mismatch")
        << get("alpha.test", "/post-only") << 200 << QByteArray("alpha")
        << QByteArray("GET /post-only HTTP/1.1");
    QTest::newRow("method-match")
        << QByteArray("POST /post-only HTTP/1.1\r\nHost: alpha.test\r\nContent-Length: 0\r\n\r\n")
        << 200 << QByteArray("beta") << QByteArray("POST /post-only HTTP/1.1");
    QTest::newRow("header-mismatch") << get("alpha.test", "/tagged") << 200 << QByteArray("alpha")
                                     << QByteArray("GET /tagged HTTP/1.1");
    QTest::newRow("header-match") << get("alpha.test", "/tagged", "X-Tag: blue\r\n") << 200
                                  << QByteArray("beta") << QByteArray("GET /tagged HTTP/1.1");
    QTest::newRow("wildcard") << get("a.wild.test", "/") << 200 << QByteArray("beta")
                              << QByteArray("GET / HTTP/1.1");
    QTest::newRow("wildcard-one-label")
        << get("a.b.wild.test", "/") << 404 << QByteArray() << QByteArray();
    QTest::newRow("unknown-host") << get("nowhere.test", "/") << 404 << QByteArray()
                                  << QByteArray();
    QTest::newRow("absolute-form")
        << QByteArray("GET http://alpha.test/api/x HTTP/1.1\r\nHost: other\r\n\r\n") << 200
        << QByteArray("beta") << QByteArray("GET /v2/x HTTP/1.1");
}

void TestProxyEngine::routing() {
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    QFETCH(QByteArray, backend);
    QFETCH(QByteArray, upstreamLine);
    const auto response = request(m_port, raw);
    QVERIFY(response.has_value());
    QCOMPARE(response->status, status);
    if (status >= 300 && status < 400) {
        QCOMPARE(response->header("location"), backend);
        return;
    }
    if (status == 404)
        return;
    QCOMPARE(response->header("x-backend"), backend);
    const QByteArray echoedHead = response->body.mid(response->body.indexOf('\n') + 1);
    QCOMPARE(echoedHead.left(echoedHead.indexOf("\r\n")), upstreamLine);
}

void TestProxyEngine::notFoundPageCarriesRequestId() {
    const auto response = request(m_port, get("nowhere.test", "/missing"));
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 404);
    const QByteArray id = response->header("x-request-id");
    QCOMPARE(id.size(), 16);
    QVERIFY(response->body.contains("404 Not Found"));
    QVERIFY(response->body.contains(id));
    QCOMPARE(response->header("content-type"), QByteArray("text/html; charset=utf-8"));
}

// A route's `respond`: the proxy answers itself, with the text given or its own page, and the
// connection stays usable.
void TestProxyEngine::directResponses_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("text") << get("respond.test", "/maintenance/x") << 503
                          << QByteArray("text/plain; charset=utf-8") << QByteArray("back soon\n");
    QTest::newRow("own page") << get("respond.test", "/gone") << 410
                              << QByteArray("text/html; charset=utf-8") << QByteArray("410 Gone");
    QTest::newRow("with a body to skip")
        << QByteArray("POST /maintenance HTTP/1.1\r\nHost: respond.test\r\n"
                      "Content-Length: 5\r\n\r\nhello")
        << 503 << QByteArray("text/plain; charset=utf-8") << QByteArray("back soon\n");
}

void TestProxyEngine::directResponses() {
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    const auto response = request(m_port, raw);
    QVERIFY(response.has_value());
    QCOMPARE(response->status, status);
    QCOMPARE(response->header("content-type"), contentType);
    QVERIFY2(response->body.contains(body), response->body.constData());
    QCOMPARE(response->header("x-request-id").size(), 16);
}

void TestProxyEngine::forwardedHeaders() {
    const auto response = request(
        m_port, get("alpha.test", "/fwd",
                    "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: gopher\r\n"
                    "Connection: keep-alive, X-Secret\r\nX-Secret: 1\r\nKeep-Alive: timeout=5\r\n"
                    "TE: trailers\r\nProxy-Authorization: Basic eA==\r\nVia: 1.0 corp\r\n"
                    "Upgrade: h2c\r\nX-Kept: yes\r\n"));
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 200);
    const QByteArray head = response->body.toLower();
    QVERIFY2(head.contains("\r\nhost: alpha.test\r\n"), head.constData());
    QVERIFY(head.contains("\r\nx-forwarded-for: 203.0.113.9, 127.0.0.1\r\n"));
    QVERIFY(head.contains("\r\nx-forwarded-proto: http\r\n"));
    QVERIFY(!head.contains("gopher"));
    QVERIFY(head.contains("\r\nx-forwarded-host: alpha.test\r\n"));
    QVERIFY(head.contains("\r\nvia: 1.0 corp, 1.1 ingress-studio\r\n"));
    QVERIFY(head.contains("\r\nx-kept: yes\r\n"));
    QVERIFY(head.contains("\r\nx-request-id: "));
    for (const char *gone :
         {"x-secret", "keep-alive:", "\r\nte:", "proxy-authorization", "upgrade:", "connection:"})
        QVERIFY2(!head.contains(gone), gone);
}

void TestProxyEngine::webSocketTunnel() {
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    client.send(get("alpha.test", "/ws",
                    "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
    const auto response = client.read(3000, true);
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 101);
    QCOMPARE(response->header("upgrade").toLower(), QByteArray("websocket"));
    QVERIFY(m_alpha->lastHead().toLower().contains("upgrade: websocket"));
    for (const QByteArray &frame : {QByteArray("\x81\x04ping"), QByteArray(100000, 'z')}) {
        client.pending().clear();
        client.send(frame);
        while (client.pending().size() < frame.size()) {
            QVERIFY(client.socket().waitForReadyRead(3000));
            client.pending() += client.socket().readAll();
        }
        QCOMPARE(client.pending(), frame);
    }
    client.socket().disconnectFromHost();
}

void TestProxyEngine::reloadSwapsTable() {
    RawClient held; // a keep-alive connection that lives across the reload
    QVERIFY(held.connectTo(m_port));
    held.send(get("alpha.test", "/before"));
    auto response = held.read();
    QVERIFY(response.has_value());
    QCOMPARE(response->header("x-backend"), QByteArray("alpha"));
    QVERIFY(m_engine->reload(RoutingTable::compile(topology(true))));
    QCOMPARE(m_engine->port(QStringLiteral("web")), m_port); // listener kept
    QTRY_COMPARE_WITH_TIMEOUT(request(m_port, get("alpha.test", "/"))->header("x-backend"),
                              QByteArray("beta"), 3000);
    held.send(get("alpha.test", "/after"));
    response = held.read();
    QVERIFY(response.has_value());
    QCOMPARE(response->header("x-backend"), QByteArray("beta"));
    QVERIFY(m_engine->reload(RoutingTable::compile(topology())));
}

QTEST_GUILESS_MAIN(TestProxyEngine)
#include "tst_proxyengine.moc"
