// The engine end to end: real backends on port 0, raw clients, routing through the shared
// RoutingTable, keep-alive reuse, pipelining, chunked both ways, 100-continue, large bodies,
// upstream failures, retries and WebSocket tunnelling.
#include "proxyengine.h"
#include "routingtable.h"
#include "testbackend.h"
#include "testclient.h"
#include "topologybuilder.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace ingress;
using namespace ingress::test;

class TestProxyEngine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void routing_data();
    void routing();
    void notFoundPageCarriesRequestId();
    void forwardedHeaders();
    void keepAliveReusesUpstream();
    void pipelinedRequestsAnsweredInOrder();
    void chunkedUpload();
    void chunkedDownload();
    void expectContinue();
    void largeBodies_data();
    void largeBodies();
    void gigabyteBodiesFlatMemory_data();
    void gigabyteBodiesFlatMemory();
    void bodyLimit_data();
    void bodyLimit();
    void upstreamFailures_data();
    void upstreamFailures();
    void retryOnConnectFailure();
    void headRequest();
    void webSocketTunnel();
    void reloadSwapsTable();
    void roundRobinAcrossEndpoints();
    void unhealthyServiceAnswers503();

private:
    Topology topology(bool swapped = false) const;
    std::unique_ptr<TestBackend> m_alpha, m_beta, m_sick; // m_sick: health-checked only
    std::unique_ptr<proxy::ProxyEngine> m_engine;
    quint16 m_port = 0;
};

Topology TestProxyEngine::topology(bool swapped) const {
    Topology t;
    t.listeners = {listener(QStringLiteral("web"))};
    Service slow = service(QStringLiteral("slow"), {m_alpha->address()});
    slow.timeouts.response = Duration(400);
    Service sick = service(QStringLiteral("sick"), {m_sick->address()});
    sick.healthCheck = HealthCheck{};
    sick.healthCheck->path = QStringLiteral("/status/500");
    sick.healthCheck->interval = Duration(100);
    sick.healthCheck->timeout = Duration(500);
    sick.healthCheck->unhealthyThreshold = 1;
    sick.healthCheck->healthyThreshold = 1;
    t.services = {
        sick,
        service(QStringLiteral("alpha"), {(swapped ? m_beta : m_alpha)->address()}),
        service(QStringLiteral("beta"), {m_beta->address()}),
        service(QStringLiteral("pair"), {m_alpha->address(), m_beta->address()}),
        service(QStringLiteral("dead"), {QStringLiteral("127.0.0.1:1")}),
        service(QStringLiteral("halfdead"), {QStringLiteral("127.0.0.1:1"), m_alpha->address()}),
        slow,
    };
    Route api = route(QStringLiteral("/api"), QStringLiteral("beta"));
    api.rewritePrefix = QStringLiteral("/v2");
    Route old;
    old.path = QStringLiteral("/old");
    old.redirect = Redirect{};
    old.redirect->path = QStringLiteral("/new");
    old.redirect->code = 301;
    Route limited = route(QStringLiteral("/limited"), QStringLiteral("alpha"));
    limited.maxBodySize = 10;
    Route postOnly = route(QStringLiteral("/post-only"), QStringLiteral("beta"));
    postOnly.methods = {QStringLiteral("POST")};
    Route tagged = route(QStringLiteral("/tagged"), QStringLiteral("beta"));
    tagged.headers = {HeaderMatch{QStringLiteral("X-Tag"), QStringLiteral("blue")}};
    t.hosts = {
        host(QStringLiteral("alpha.test"),
             {route(QStringLiteral("/"), QStringLiteral("alpha")), api,
              route(QStringLiteral("/exact"), QStringLiteral("beta"), PathType::Exact), old,
              limited, postOnly, tagged}),
        host(QStringLiteral("*.wild.test"), {route(QStringLiteral("/"), QStringLiteral("beta"))}),
        host(QStringLiteral("pair.test"), {route(QStringLiteral("/"), QStringLiteral("pair"))}),
        host(QStringLiteral("dead.test"), {route(QStringLiteral("/"), QStringLiteral("dead"))}),
        host(QStringLiteral("retry.test"),
             {route(QStringLiteral("/"), QStringLiteral("halfdead"))}),
        host(QStringLiteral("slow.test"), {route(QStringLiteral("/"), QStringLiteral("slow"))}),
        host(QStringLiteral("sick.test"), {route(QStringLiteral("/"), QStringLiteral("sick"))}),
    };
    return t;
}

void TestProxyEngine::initTestCase() {
    m_alpha = std::make_unique<TestBackend>(QStringLiteral("alpha"));
    m_beta = std::make_unique<TestBackend>(QStringLiteral("beta"));
    m_sick = std::make_unique<TestBackend>(QStringLiteral("sick"));
    proxy::ProxySettings settings;
    settings.workers = 2;
    m_engine = std::make_unique<proxy::ProxyEngine>(settings);
    QVERIFY(m_engine->start(RoutingTable::compile(topology())));
    m_port = m_engine->port(QStringLiteral("web"));
    QVERIFY(m_port != 0);
}

void TestProxyEngine::cleanupTestCase() {
    m_engine->stop(Duration(1000));
    m_engine.reset();
}

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

void TestProxyEngine::keepAliveReusesUpstream() {
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

void TestProxyEngine::pipelinedRequestsAnsweredInOrder() {
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    QByteArray batch;
    batch += get("alpha.test", "/one");
    batch += get("nowhere.test", "/two");
    batch += "POST /echo HTTP/1.1\r\nHost: alpha.test\r\nContent-Length: 5\r\n\r\nthree";
    batch += get("alpha.test", "/old");
    batch += "POST /echo HTTP/1.1\r\nHost: b.wild.test\r\nTransfer-Encoding: chunked\r\n\r\n"
             "4\r\nfour\r\n0\r\n\r\n";
    batch += get("alpha.test", "/five");
    client.send(batch);
    const QList<int> statuses = {200, 404, 200, 301, 200, 200};
    QList<QByteArray> bodies;
    for (int expected : statuses) {
        const auto response = client.read();
        QVERIFY(response.has_value());
        QCOMPARE(response->status, expected);
        bodies.append(response->body);
    }
    QVERIFY(bodies[0].contains("GET /one "));
    QCOMPARE(bodies[2], QByteArray("three"));
    QCOMPARE(bodies[4], QByteArray("four"));
    QVERIFY(bodies[5].contains("GET /five "));
}

void TestProxyEngine::chunkedUpload() {
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    client.send("POST /echo HTTP/1.1\r\nHost: alpha.test\r\nTransfer-Encoding: chunked\r\n\r\n");
    QTest::qWait(50);
    client.send("6;name=value\r\nhello \r\n");
    QTest::qWait(50);
    client.send("5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n");
    const auto response = client.read();
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("hello world"));
    QVERIFY(m_alpha->lastHead().toLower().contains("transfer-encoding: chunked"));
}

void TestProxyEngine::chunkedDownload() {
    const auto response = request(m_port, get("alpha.test", "/chunked"));
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 200);
    QVERIFY(response->chunked);
    QCOMPARE(response->body, QByteArray("hello world"));
}

void TestProxyEngine::expectContinue() {
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    client.send("PUT /echo HTTP/1.1\r\nHost: alpha.test\r\nExpect: 100-continue\r\n"
                "Content-Length: 4\r\n\r\n");
    const auto interim = client.read(3000);
    QVERIFY(interim.has_value());
    QCOMPARE(interim->status, 100);
    client.send("body");
    const auto response = client.read();
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("body"));
}

void TestProxyEngine::largeBodies_data() {
    QTest::addColumn<qint64>("size");
    QTest::newRow("1MiB") << qint64(1);
    QTest::newRow("64MiB") << qint64(64);
}

void TestProxyEngine::largeBodies() {
    QFETCH(qint64, size);
    size <<= 20;
    // Upload: streamed to /count, which answers with what it received.
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    client.send("POST /count HTTP/1.1\r\nHost: alpha.test\r\nContent-Length: " +
                QByteArray::number(size) + "\r\n\r\n");
    const QByteArray block(1 << 20, 'u');
    for (qint64 sent = 0; sent < size; sent += block.size()) {
        client.socket().write(block);
        while (client.socket().bytesToWrite() > 4 * block.size())
            QVERIFY(client.socket().waitForBytesWritten(10000));
    }
    auto response = client.read(60000);
    QVERIFY(response.has_value());
    QCOMPARE(response->body, "bytes=" + QByteArray::number(size));
    // Download on the same connection.
    client.send(get("alpha.test", "/download?" + QByteArray::number(size)));
    response = client.read(60000);
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 200);
    QCOMPARE(qint64(response->body.size()), size);
}

namespace {

qint64 residentKiB() {
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

} // namespace

void TestProxyEngine::gigabyteBodiesFlatMemory_data() {
    QTest::addColumn<QStringList>("curlArgs");
    QTest::addColumn<QByteArray>("expected");
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(m_port);
    // curl streams: -T - sends stdin chunked; downloads go to /dev/null.
    QTest::newRow("upload-chunked") << QStringList{QStringLiteral("-sS"),
                                                   QStringLiteral("-T"),
                                                   QStringLiteral("-"),
                                                   QStringLiteral("-H"),
                                                   QStringLiteral("Host: alpha.test"),
                                                   base + QStringLiteral("/count")}
                                    << QByteArray("bytes=1073741824");
    QTest::newRow("download") << QStringList{QStringLiteral("-sS"),
                                             QStringLiteral("-o"),
                                             QStringLiteral("/dev/null"),
                                             QStringLiteral("-w"),
                                             QStringLiteral("%{size_download}"),
                                             QStringLiteral("-H"),
                                             QStringLiteral("Host: alpha.test"),
                                             base + QStringLiteral("/download?1073741824")}
                              << QByteArray("1073741824");
}

void TestProxyEngine::gigabyteBodiesFlatMemory() {
    QFETCH(QStringList, curlArgs);
    QFETCH(QByteArray, expected);
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
        QSKIP("curl is not installed");
    const qint64 before = residentKiB();
    qint64 peak = before;
    QProcess curl;
    curl.start(QStringLiteral("curl"), curlArgs);
    QVERIFY(curl.waitForStarted());
    const QByteArray block(1 << 20, 'g');
    if (curlArgs.contains(QStringLiteral("-T"))) {
        for (int i = 0; i < 1024; ++i) {
            curl.write(block);
            while (curl.bytesToWrite() > 4 * block.size())
                QVERIFY(curl.waitForBytesWritten(10000));
            if (i % 64 == 0)
                peak = qMax(peak, residentKiB());
        }
        curl.closeWriteChannel();
    }
    QElapsedTimer timer;
    timer.start();
    while (!curl.waitForFinished(100)) {
        peak = qMax(peak, residentKiB());
        QVERIFY(timer.elapsed() < 120000);
    }
    QCOMPARE(curl.exitCode(), 0);
    QCOMPARE(curl.readAllStandardOutput(), expected);
    // Proxy, backend and client share this process: 1 GiB went through, memory barely moved.
    QVERIFY2(peak - before < 128 * 1024,
             qPrintable(QStringLiteral("RSS grew by %1 KiB").arg(peak - before)));
}

void TestProxyEngine::bodyLimit_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::newRow("length-within")
        << QByteArray(
               "POST /limited HTTP/1.1\r\nHost: alpha.test\r\nContent-Length: 10\r\n\r\n0123456789")
        << 200;
    QTest::newRow("length-over") << QByteArray(
                                        "POST /limited HTTP/1.1\r\nHost: "
                                        "alpha.test\r\nContent-Length: 11\r\n\r\n0123456789a")
                                 << 413;
    QTest::newRow("chunked-over")
        << QByteArray(
               "POST /limited HTTP/1.1\r\nHost: alpha.test\r\nTransfer-Encoding: chunked\r\n\r\n")
        << 413;
}

void TestProxyEngine::bodyLimit() {
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    client.send(raw);
    if (raw.endsWith("\r\n\r\n")) { // chunked: the limit trips while streaming
        QTest::qWait(50);
        client.send("8\r\n01234567\r\n8\r\n89abcdef\r\n0\r\n\r\n");
    }
    const auto response = client.read();
    QVERIFY(response.has_value());
    QCOMPARE(response->status, status);
}

void TestProxyEngine::upstreamFailures_data() {
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

void TestProxyEngine::upstreamFailures() {
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

void TestProxyEngine::retryOnConnectFailure() {
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

void TestProxyEngine::headRequest() {
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    client.send("HEAD /x HTTP/1.1\r\nHost: alpha.test\r\n\r\n");
    auto response = client.read(5000, true);
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 200);
    QVERIFY(response->body.isEmpty());
    client.send(get("alpha.test", "/after-head"));
    response = client.read();
    QVERIFY(response.has_value());
    QVERIFY(response->body.contains("GET /after-head "));
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

void TestProxyEngine::roundRobinAcrossEndpoints() {
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

void TestProxyEngine::unhealthyServiceAnswers503() {
    // The active checker probes /status/500 every 100 ms: the only endpoint goes down.
    QTRY_COMPARE_WITH_TIMEOUT(request(m_port, get("sick.test", "/"))->status, 503, 5000);
    const auto response = request(m_port, get("sick.test", "/"));
    QVERIFY(response.has_value());
    QCOMPARE(response->header("retry-after"), QByteArray("5"));
    QVERIFY(response->body.contains(response->header("x-request-id")));
}

QTEST_GUILESS_MAIN(TestProxyEngine)
#include "tst_proxyengine.moc"
