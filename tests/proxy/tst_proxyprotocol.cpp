// PROXY protocol (HAProxy's proxy-protocol.txt, v1 and v2) on `proxyProtocol` listeners, end to
// end through the engine (two workers; the parser alone: tst_proxyheader): the header's
// source is the client for X-Forwarded-For, policies and the access log; a connection without
// a valid header is closed unanswered; the header comes before the TLS ClientHello; and a real
// HAProxy with `send-proxy` / `send-proxy-v2` in front.
#include "model/certs/certificateauthority.h"
#include "model/certs/certificateissuer.h"
#include "model/routing/routingtable.h"
#include "proxy/proxyengine.h"
#include "proxy/tls/tlscontextstore.h"
#include "tests/common/peertools.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/proxyheaderbytes.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <memory>
#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

namespace {

QByteArray whoRequest(const QByteArray &path) {
    return get("pp.test", path);
}

} // namespace

class TestProxyProtocol : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void clientAddress_data();
    void clientAddress();
    void refusedWithoutHeader_data();
    void refusedWithoutHeader();
    void headerInPieces_data();
    void headerInPieces();
    void keepAliveKeepsClaim_data();
    void keepAliveKeepsClaim();
    void tlsAfterHeader();
    void behindHaproxy_data();
    void behindHaproxy();

private:
    std::optional<proxy::AccessLogEntry> logged(const QByteArray &target);
    QByteArray forwardedFor(const QByteArray &target) const;

    QTemporaryDir m_dir;
    std::unique_ptr<TestBackend> m_backend;
    std::unique_ptr<proxy::ProxyEngine> m_engine;
    std::unique_ptr<QSignalSpy> m_logged;
    quint16 m_plain = 0;  // proxyProtocol
    quint16 m_edge = 0;   // proxyProtocol, and trusts 192.0.2.0/24's X-Forwarded-For
    quint16 m_secure = 0; // HTTPS with proxyProtocol
    int m_serial = 0;
};

void TestProxyProtocol::initTestCase() {
    QVERIFY(m_dir.isValid());
    QString error;
    const auto ca = certs::CertificateAuthority::create("PROXY CA", {}, 30, &error);
    QVERIFY2(ca && ca->save(m_dir.path(), &error), qPrintable(error));
    const auto bundle = certs::CertificateIssuer::issue(*ca, {{"secure.pp.test"}, {}, 30}, &error);
    QVERIFY2(bundle && bundle->writeTo(m_dir.path(), "secure", true, &error), qPrintable(error));
    m_backend = std::make_unique<TestBackend>(QStringLiteral("origin"));

    Topology t;
    Listener plain = listener(QStringLiteral("plain"));
    plain.proxyProtocol = true;
    Listener edge = listener(QStringLiteral("edge"));
    edge.proxyProtocol = true;
    edge.trustedProxies = {QStringLiteral("192.0.2.0/24")};
    Listener secure = listener(QStringLiteral("secure"));
    secure.protocol = Protocol::Https;
    secure.proxyProtocol = true;
    t.listeners = {plain, edge, secure};
    t.services = {service(QStringLiteral("origin"), {m_backend->address()})};
    Certificate c;
    c.name = QStringLiteral("secure");
    c.certificate = m_dir.filePath("secure.crt");
    c.privateKey = m_dir.filePath("secure.key");
    t.certificates << c;
    VirtualHost open = host(QStringLiteral("pp.test"), {prefix("/", "origin")});
    open.policy.deny = {QStringLiteral("203.0.113.66")};
    VirtualHost tls = host(QStringLiteral("secure.pp.test"), {prefix("/", "origin")});
    tls.tls = QStringLiteral("secure");
    t.hosts = {open, tls};

    const RoutingTablePtr table = RoutingTable::compile(t);
    QStringList errors;
    const auto store = proxy::TlsContextStore::build(*table, nullptr, &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    proxy::ProxySettings settings;
    settings.workers = 2;
    settings.collectAccessLog = true;
    settings.headerTimeout = Duration(1500); // bounds the wait for a PROXY header too
    settings.parkIdleAfter = Duration(100);
    m_engine = std::make_unique<proxy::ProxyEngine>(settings);
    m_engine->setHttpsWrapperFactory(proxy::TlsContextStore::wrapperFactory(store));
    m_logged = std::make_unique<QSignalSpy>(m_engine.get(), &proxy::ProxyEngine::requestsLogged);
    QVERIFY2(m_engine->start(table, &errors), qPrintable(errors.join(u'\n')));
    m_plain = m_engine->port(QStringLiteral("plain"));
    m_edge = m_engine->port(QStringLiteral("edge"));
    m_secure = m_engine->port(QStringLiteral("secure"));
    QVERIFY(m_plain && m_edge && m_secure);
}

void TestProxyProtocol::cleanupTestCase() {
    if (m_engine)
        m_engine->stop(Duration(1000));
    m_engine.reset();
    m_backend.reset();
}

std::optional<proxy::AccessLogEntry> TestProxyProtocol::logged(const QByteArray &target) {
    // Batches come on a timer: wait for this request's entry.
    std::optional<proxy::AccessLogEntry> found;
    QElapsedTimer timer;
    timer.start();
    while (!found && timer.elapsed() < 3000) {
        for (const QList<QVariant> &batch : std::as_const(*m_logged))
            for (const auto &entry : batch.first().value<QList<proxy::AccessLogEntry>>())
                if (entry.target == target)
                    found = entry;
        if (!found)
            QTest::qWait(20);
    }
    return found;
}

QByteArray TestProxyProtocol::forwardedFor(const QByteArray &target) const {
    for (const QByteArray &head : m_backend->heads()) {
        if (!head.contains(" " + target + " HTTP/1.1"))
            continue;
        for (const QByteArray &line : head.split('\n'))
            if (line.toLower().startsWith("x-forwarded-for:"))
                return line.mid(16).trimmed();
    }
    return {};
}

void TestProxyProtocol::clientAddress_data() {
    QTest::addColumn<bool>("viaEdge");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("extra"); // more request headers
    QTest::addColumn<QString>("client");   // in the access log
    QTest::addColumn<QByteArray>("xff");   // what the backend gets
    QTest::addColumn<int>("status");
    const QByteArray none;
    QTest::newRow("v1 TCP4") << false << QByteArray("PROXY TCP4 192.0.2.10 127.0.0.1 5555 80\r\n")
                             << none << "192.0.2.10" << QByteArray("192.0.2.10") << 200;
    QTest::newRow("v1 TCP6") << false << QByteArray("PROXY TCP6 2001:db8::7 ::1 5555 80\r\n")
                             << none << "2001:db8::7" << QByteArray("2001:db8::7") << 200;
    QTest::newRow("v1 UNKNOWN: the peer") << false << QByteArray("PROXY UNKNOWN\r\n") << none
                                          << "127.0.0.1" << QByteArray("127.0.0.1") << 200;
    QTest::newRow("v2 IPv4") << false << v2(1, 0x11, ipv4("192.0.2.11")) << none << "192.0.2.11"
                             << QByteArray("192.0.2.11") << 200;
    QTest::newRow("v2 IPv6 with TLVs")
        << false << v2(1, 0x21, ipv6("2001:db8::8") + tlv(0x01, "http/1.1")) << none
        << "2001:db8::8" << QByteArray("2001:db8::8") << 200;
    QTest::newRow("v2 IPv4-mapped IPv6") << false << v2(1, 0x21, ipv6("::ffff:192.0.2.12")) << none
                                         << "192.0.2.12" << QByteArray("192.0.2.12") << 200;
    QTest::newRow("v2 LOCAL: the peer")
        << false << v2(0, 0x00, {}) << none << "127.0.0.1" << QByteArray("127.0.0.1") << 200;
    QTest::newRow("denied claim") << false
                                  << QByteArray("PROXY TCP4 203.0.113.66 127.0.0.1 1 80\r\n")
                                  << none << "203.0.113.66" << QByteArray() << 403;
    QTest::newRow("denied claim, v2") << false << v2(1, 0x11, ipv4("203.0.113.66")) << none
                                      << "203.0.113.66" << QByteArray() << 403;
    QTest::newRow("untrusted claim: XFF kept, not believed")
        << false << QByteArray("PROXY TCP4 192.0.2.10 127.0.0.1 1 80\r\n")
        << QByteArray("X-Forwarded-For: 203.0.113.66\r\n") << "192.0.2.10"
        << QByteArray("203.0.113.66, 192.0.2.10") << 200;
    QTest::newRow("trusted claim: XFF believed")
        << true << QByteArray("PROXY TCP4 192.0.2.10 127.0.0.1 1 80\r\n")
        << QByteArray("X-Forwarded-For: 203.0.113.66\r\n") << "203.0.113.66" << QByteArray() << 403;
    QTest::newRow("trusted claim: XFF client allowed")
        << true << QByteArray("PROXY TCP4 192.0.2.10 127.0.0.1 1 80\r\n")
        << QByteArray("X-Forwarded-For: 198.51.100.9\r\n") << "198.51.100.9"
        << QByteArray("198.51.100.9, 192.0.2.10") << 200;
    QTest::newRow("peer 127.0.0.1 not trusted on edge")
        << true << QByteArray("PROXY UNKNOWN\r\n")
        << QByteArray("X-Forwarded-For: 203.0.113.66\r\n") << "127.0.0.1"
        << QByteArray("203.0.113.66, 127.0.0.1") << 200;
}

void TestProxyProtocol::clientAddress() {
    QFETCH(bool, viaEdge);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, extra);
    QFETCH(QString, client);
    QFETCH(QByteArray, xff);
    QFETCH(int, status);
    const QByteArray target = "/who/" + QByteArray::number(++m_serial);
    const auto response =
        request(viaEdge ? m_edge : m_plain, header + get("pp.test", target, extra));
    QVERIFY(response.has_value());
    QCOMPARE(response->status, status);
    if (!xff.isEmpty())
        QCOMPARE(forwardedFor(target), xff);
    const auto entry = logged(target);
    QVERIFY(entry.has_value());
    QCOMPARE(entry->clientAddress, client);
    QCOMPARE(entry->status, status);
}

void TestProxyProtocol::refusedWithoutHeader_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("closedWithinMs");
    QTest::newRow("a request, no header") << whoRequest("/nohdr") << 1000;
    QTest::newRow("bad v1") << QByteArray("PROXY TCP4 nonsense\r\n") + whoRequest("/bad") << 1000;
    QTest::newRow("bad v2") << v2(1, 0x41, {}) + whoRequest("/bad2") << 1000;
    QTest::newRow("v1 header never ended") << QByteArray("PROXY TCP4 192.0.2") << 3000;
    QTest::newRow("nothing at all") << QByteArray() << 3000; // the 1.5 s header timeout
}

void TestProxyProtocol::refusedWithoutHeader() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, closedWithinMs);
    const int before = m_backend->requests();
    RawClient client;
    QVERIFY(client.connectTo(m_plain));
    if (!bytes.isEmpty())
        client.send(bytes);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(client.waitClosed(closedWithinMs + 1000));
    QVERIFY2(timer.elapsed() <= closedWithinMs, QByteArray::number(timer.elapsed()).constData());
    QCOMPARE(client.pending(), QByteArray()); // not a byte of response
    QCOMPARE(m_backend->requests(), before);
}

void TestProxyProtocol::headerInPieces_data() {
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<int>("cut");
    const QByteArray v1 = "PROXY TCP4 192.0.2.30 127.0.0.1 5555 80\r\n";
    QTest::newRow("v1 in its prefix") << v1 << 3;
    QTest::newRow("v1 mid-address") << v1 << 17;
    QTest::newRow("v1 between CR and LF") << v1 << int(v1.size() - 1);
    const QByteArray two = v2(1, 0x11, ipv4("192.0.2.30"));
    QTest::newRow("v2 in the signature") << two << 6;
    QTest::newRow("v2 in the addresses") << two << 20;
}

void TestProxyProtocol::headerInPieces() {
    QFETCH(QByteArray, header);
    QFETCH(int, cut);
    const QByteArray target = "/piece/" + QByteArray::number(++m_serial);
    RawClient client;
    QVERIFY(client.connectTo(m_plain));
    client.send(header.left(cut));
    QTest::qWait(150);
    client.send(header.mid(cut) + whoRequest(target));
    const auto response = client.read();
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 200);
    QCOMPARE(forwardedFor(target), QByteArray("192.0.2.30"));
}

void TestProxyProtocol::keepAliveKeepsClaim_data() {
    QTest::addColumn<bool>("pipelined");
    QTest::addColumn<int>("idleBeforeMs"); // after the header, before the first request
    QTest::newRow("pipelined with the header") << true << 0;
    QTest::newRow("one at a time, parked between") << false << 0;
    QTest::newRow("parked before the first request") << false << 400;
}

void TestProxyProtocol::keepAliveKeepsClaim() {
    QFETCH(bool, pipelined);
    QFETCH(int, idleBeforeMs);
    const QByteArray base = "/keep/" + QByteArray::number(++m_serial) + "/";
    RawClient client;
    QVERIFY(client.connectTo(m_plain));
    const QByteArray header = "PROXY TCP4 192.0.2.40 127.0.0.1 5555 80\r\n";
    if (pipelined) {
        client.send(header + whoRequest(base + "1") + whoRequest(base + "2") +
                    whoRequest(base + "3"));
    } else {
        client.send(header);
        QTest::qWait(idleBeforeMs);
    }
    for (int i = 1; i <= 3; ++i) {
        const QByteArray target = base + QByteArray::number(i);
        if (!pipelined) {
            client.send(whoRequest(target));
        }
        const auto response = client.read();
        QVERIFY(response.has_value());
        QCOMPARE(response->status, 200);
        QCOMPARE(forwardedFor(target), QByteArray("192.0.2.40"));
        if (!pipelined)
            QTest::qWait(400); // parkIdleAfter is 100 ms, swept every 100 ms
    }
    for (int i = 1; i <= 3; ++i) {
        const auto entry = logged(base + QByteArray::number(i));
        QVERIFY(entry.has_value());
        QCOMPARE(entry->clientAddress, QStringLiteral("192.0.2.40"));
    }
}

void TestProxyProtocol::tlsAfterHeader() {
    const QByteArray target = "/tls/" + QByteArray::number(++m_serial);
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    socket.setPeerVerifyName(QStringLiteral("secure.pp.test")); // the SNI
    socket.connectToHost(QHostAddress::LocalHost, m_secure);
    QVERIFY(socket.waitForConnected(3000));
    socket.write("PROXY TCP6 2001:db8::50 ::1 5555 443\r\n");
    QVERIFY(socket.waitForBytesWritten(3000));
    socket.startClientEncryption();
    QVERIFY2(socket.waitForEncrypted(5000), qPrintable(socket.errorString()));
    socket.write(get("secure.pp.test", target));
    QByteArray received;
    QElapsedTimer timer;
    timer.start();
    while (!received.contains("\r\n\r\n") && timer.elapsed() < 5000) {
        socket.waitForReadyRead(200);
        received += socket.readAll();
    }
    QVERIFY2(received.startsWith("HTTP/1.1 200"), received.constData());
    QCOMPARE(forwardedFor(target), QByteArray("2001:db8::50"));
    const auto entry = logged(target);
    QVERIFY(entry.has_value());
    QCOMPARE(entry->clientAddress, QStringLiteral("2001:db8::50"));
}

void TestProxyProtocol::behindHaproxy_data() {
    QTest::addColumn<QString>("sendProxy");
    QTest::newRow("send-proxy (v1)") << "send-proxy";
    QTest::newRow("send-proxy-v2") << "send-proxy-v2";
}

void TestProxyProtocol::behindHaproxy() {
    QFETCH(QString, sendProxy);
    INGRESS_REQUIRE_TOOL(haproxy, "haproxy");
    quint16 front = 0;
    {
        QTcpServer probe; // a free port for HAProxy's frontend
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        front = probe.serverPort();
    }
    QFile config(m_dir.filePath(sendProxy + ".cfg"));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral("defaults\n"
                                "    mode tcp\n"
                                "    timeout connect 5s\n"
                                "    timeout client 10s\n"
                                "    timeout server 10s\n"
                                "frontend front\n"
                                "    bind 127.0.0.1:%1\n"
                                "    default_backend engine\n"
                                "backend engine\n"
                                "    server engine 127.0.0.1:%2 %3\n")
                     .arg(front)
                     .arg(m_plain)
                     .arg(sendProxy)
                     .toUtf8());
    config.close();
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(haproxy, {QStringLiteral("-db"), QStringLiteral("-f"), config.fileName()});
    QVERIFY(process.waitForStarted(5000));
    const auto stop = qScopeGuard([&process] {
        process.terminate();
        if (!process.waitForFinished(3000))
            process.kill();
    });
    // The client comes from 127.0.0.2 (all of 127/8 is loopback): HAProxy's header names it,
    // while the engine's TCP peer is HAProxy on 127.0.0.1.
    const QByteArray target = "/haproxy/" + QByteArray::number(++m_serial);
    std::optional<HttpResponse> response;
    QElapsedTimer timer;
    timer.start();
    while (!response && timer.elapsed() < 5000) {
        RawClient client;
        client.socket().bind(QHostAddress(QStringLiteral("127.0.0.2")));
        if (client.connectTo(front, 1000)) {
            client.send(whoRequest(target));
            response = client.read(3000);
        }
        if (!response)
            QTest::qWait(100); // HAProxy still starting
    }
    QVERIFY2(response.has_value(), process.readAll().constData());
    QCOMPARE(response->status, 200);
    QCOMPARE(forwardedFor(target), QByteArray("127.0.0.2"));
    const auto entry = logged(target);
    QVERIFY(entry.has_value());
    QCOMPARE(entry->clientAddress, QStringLiteral("127.0.0.2"));
}

INGRESS_PEER_TEST_MAIN(TestProxyProtocol)
#include "tst_proxyprotocol.moc"
