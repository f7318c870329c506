#include "model/certs/certificateauthority.h"
#include "model/certs/certificateissuer.h"
#include "proxy/tls/tlslistenercontext.h"
#include "proxy/tls/tlsserverconfig.h"
#include "tests/proxy/tlstestserver.h"

#include <openssl/ssl.h>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace std::chrono_literals;

// The HTTPS acceptor against real clients: `openssl s_client -servername` and `curl
// --resolve`, on a loopback listener with three certificates chosen by SNI.
class TestTlsAcceptor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sniPicksCertificate_data();
    void sniPicksCertificate();
    void protocolVersions_data();
    void protocolVersions();
    void curlWithResolve_data();
    void curlWithResolve();
    void badClientsAreDropped_data();
    void badClientsAreDropped();
    void stalledHandshakeBlocksNoOne();
    void alpn_data();
    void alpn();
    void sessionResumption_data();
    void sessionResumption();
    void curlResumesSession();
    void onlyModernCiphers();
    void requestBehindFinishedReachesAUserThatWaits();

private:
    struct Run {
        int exitCode = -1;
        QString output;
    };
    // Runs a client process while the event loop keeps serving, bounded in time; `input` goes
    // to its stdin, then EOF.
    Run runClient(const QString &program, const QStringList &args, const QByteArray &input = {});
    QString port() const { return QString::number(m_server->serverPort()); }

    QTemporaryDir m_dir;
    std::unique_ptr<TlsTestServer> m_server;
};

void TestTlsAcceptor::initTestCase() {
    QVERIFY(m_dir.isValid());
    QString error;
    const auto ca = certs::CertificateAuthority::create("TLS Test CA", {}, 30, &error);
    QVERIFY2(ca && ca->save(m_dir.path(), &error), qPrintable(error));
    auto context = std::make_shared<proxy::TlsListenerContext>();
    // Three certificates; the first is the default. The RSA one checks both key kinds load.
    const QList<QStringList> hostSets{{"a.test"}, {"b.test"}, {"*.c.test", "c.test"}};
    for (int i = 0; i < hostSets.size(); ++i) {
        certs::KeySpec key;
        if (i == 1)
            key = {certs::KeySpec::Type::Rsa, 2048};
        const auto bundle = certs::CertificateIssuer::issue(*ca, {hostSets[i], key, 30}, &error);
        QVERIFY2(bundle, qPrintable(error));
        QVERIFY2(context->addCertificate(*bundle, hostSets[i], &error) == i, qPrintable(error));
    }
    m_server = std::make_unique<TlsTestServer>(context, 1500ms);
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

TestTlsAcceptor::Run TestTlsAcceptor::runClient(const QString &program, const QStringList &args,
                                                const QByteArray &input) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    Run run;
    if (!process.waitForStarted(10000))
        return run;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel(); // s_client: EOF on stdin ends the session after the handshake
    QElapsedTimer timer;
    timer.start();
    while (process.state() != QProcess::NotRunning && timer.elapsed() < 20000)
        QTest::qWait(20); // keeps our server's event loop turning
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
        run.output = QStringLiteral("client timed out\n");
    }
    run.output += QString::fromLocal8Bit(process.readAll());
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return run;
}

void TestTlsAcceptor::sniPicksCertificate_data() {
    QTest::addColumn<QString>("serverName"); // empty: no SNI at all
    QTest::addColumn<QString>("expectedCn");
    QTest::addColumn<bool>("verifies"); // the certificate is valid for the name
    QTest::newRow("a.test") << "a.test"
                            << "a.test" << true;
    QTest::newRow("b.test (RSA)") << "b.test"
                                  << "b.test" << true;
    QTest::newRow("wildcard") << "shop.c.test"
                              << "*.c.test" << true;
    QTest::newRow("wildcard base name") << "c.test"
                                        << "*.c.test" << true;
    QTest::newRow("upper case") << "B.TEST"
                                << "b.test" << true;
    QTest::newRow("two labels below wildcard -> default") << "x.y.c.test"
                                                          << "a.test" << false;
    QTest::newRow("unknown -> default") << "unknown.test"
                                        << "a.test" << false;
    // Without SNI there is no name to check: the default chain verifies.
    QTest::newRow("no SNI -> default") << ""
                                       << "a.test" << true;
}

void TestTlsAcceptor::sniPicksCertificate() {
    QFETCH(QString, serverName);
    QFETCH(QString, expectedCn);
    QFETCH(bool, verifies);
    QStringList args{
        "s_client", "-connect", "127.0.0.1:" + port(), "-CAfile", m_dir.filePath("ca.crt"),
        "-alpn",    "http/1.1"};
    if (serverName.isEmpty())
        args << "-noservername";
    else
        args << "-servername" << serverName << "-verify_hostname" << serverName;
    const Run run = runClient("openssl", args);
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    QVERIFY2(run.output.contains("subject=CN = " + expectedCn), qPrintable(run.output));
    // The full chain is served: depth 1 is the CA.
    QVERIFY2(run.output.contains(" 1 s:O = Ingress Studio development CA, CN = TLS Test CA"),
             qPrintable(run.output));
    QVERIFY2(run.output.contains("ALPN protocol: http/1.1"), qPrintable(run.output));
    QCOMPARE(run.output.contains("Verify return code: 0 (ok)"), verifies);
}

void TestTlsAcceptor::protocolVersions_data() {
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("protocol");
    // SECLEVEL=0 so the client really offers the old versions: the refusal is the server's.
    QTest::newRow("TLS 1.0") << QStringList{"-tls1", "-cipher", "DEFAULT@SECLEVEL=0"} << false
                             << "";
    QTest::newRow("TLS 1.1") << QStringList{"-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"} << false
                             << "";
    QTest::newRow("TLS 1.2") << QStringList{"-tls1_2"} << true << "TLSv1.2";
    QTest::newRow("TLS 1.3") << QStringList{"-tls1_3"} << true << "TLSv1.3";
}

void TestTlsAcceptor::protocolVersions() {
    QFETCH(QStringList, options);
    QFETCH(bool, accepted);
    QFETCH(QString, protocol);
    const qsizetype failuresBefore = m_server->failures.size();
    const Run run = runClient("openssl", QStringList{"s_client", "-connect", "127.0.0.1:" + port(),
                                                     "-servername", "a.test"} +
                                             options);
    QCOMPARE(run.exitCode == 0, accepted);
    if (accepted) {
        QVERIFY2(run.output.contains("Protocol  : " + protocol) ||
                     run.output.contains("New, " + protocol),
                 qPrintable(run.output));
    } else {
        QVERIFY2(!run.output.contains("BEGIN CERTIFICATE") &&
                     !run.output.contains("Server certificate"),
                 qPrintable(run.output));
        QTRY_VERIFY_WITH_TIMEOUT(m_server->failures.size() > failuresBefore, 5000);
        QVERIFY2(m_server->failures.constLast().contains(u"handshake"),
                 qPrintable(m_server->failures.constLast()));
    }
}

void TestTlsAcceptor::curlWithResolve_data() {
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("body");
    QTest::newRow("a") << "a.test"
                       << "hello a.test";
    QTest::newRow("b") << "b.test"
                       << "hello b.test";
    QTest::newRow("wildcard") << "www.c.test"
                              << "hello *.c.test";
}

void TestTlsAcceptor::curlWithResolve() {
    QFETCH(QString, host);
    QFETCH(QString, body);
    const Run run = runClient("curl", {"-sS", "--max-time", "10", "--resolve",
                                       host + ":" + port() + ":127.0.0.1", "--cacert",
                                       m_dir.filePath("ca.crt"), "-w", "\nhttp=%{http_version}\n",
                                       "https://" + host + ":" + port() + "/"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    QVERIFY2(run.output.contains(body), qPrintable(run.output));
    // ALPN made it HTTP/1.1 (curl would try h2 first).
    QVERIFY2(run.output.contains("http=1.1"), qPrintable(run.output));
    // And the same with TLS 1.1 forced is refused.
    const Run old = runClient(
        "curl", {"-sS", "--max-time", "10", "--resolve", host + ":" + port() + ":127.0.0.1",
                 "--cacert", m_dir.filePath("ca.crt"), "--tlsv1.1", "--tls-max", "1.1", "--ciphers",
                 "DEFAULT@SECLEVEL=0", "https://" + host + ":" + port() + "/"});
    QVERIFY2(old.exitCode != 0, qPrintable(old.output));
}

void TestTlsAcceptor::badClientsAreDropped_data() {
    QTest::addColumn<QByteArray>("send");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<int>("maxMs"); // the server must have dropped the client by then
    QTest::newRow("silent client") << QByteArray() << "timed out" << 4000;
    QTest::newRow("half a ClientHello")
        << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << "timed out" << 4000;
    QTest::newRow("plain HTTP") << QByteArray("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n")
                                << "http request" << 1000;
    // A whole record whose handshake header announces a 16 MiB ClientHello: refused once the
    // header is read, nothing more is buffered.
    QTest::newRow("oversized ClientHello")
        << (QByteArray("\x16\x03\x01\x40\x00\x01\xff\xff\xff", 9) + QByteArray(0x4000 - 4, 'x'))
        << "excessive message size" << 1000;
    // Empty records are legal, but not without end: OpenSSL gives up after 32.
    QTest::newRow("empty handshake records")
        << QByteArray("\x16\x03\x01\x00\x00", 5).repeated(40) << "handshake failed" << 1000;
    QTest::newRow("garbage") << QByteArray("\x05\x42\x99 random garbage, not TLS at all\r\n\r\n")
                             << "handshake failed" << 1000;
}

void TestTlsAcceptor::badClientsAreDropped() {
    QFETCH(QByteArray, send);
    QFETCH(QString, reason);
    QFETCH(int, maxMs);
    const qsizetype failuresBefore = m_server->failures.size();
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
    QVERIFY(client.waitForConnected(5000));
    if (!send.isEmpty())
        client.write(send);
    QElapsedTimer timer;
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(client.state() == QAbstractSocket::UnconnectedState, maxMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->failures.size() > failuresBefore, 1000);
    QVERIFY2(m_server->failures.constLast().contains(reason),
             qPrintable(m_server->failures.constLast()));
}

void TestTlsAcceptor::stalledHandshakeBlocksNoOne() {
    // Clients stuck mid-ClientHello hold their connection until the timeout, nothing else.
    std::vector<std::unique_ptr<QTcpSocket>> stalled;
    for (int i = 0; i < 5; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, m_server->serverPort());
        QVERIFY(socket->waitForConnected(5000));
        socket->write(QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));
        QVERIFY(socket->waitForBytesWritten(1000));
        stalled.push_back(std::move(socket));
    }
    QTest::qWait(50);
    QElapsedTimer timer;
    timer.start();
    const Run run = runClient("curl", {"-sS", "--max-time", "10", "--resolve",
                                       "a.test:" + port() + ":127.0.0.1", "--cacert",
                                       m_dir.filePath("ca.crt"), "https://a.test:" + port() + "/"});
    QVERIFY2(run.exitCode == 0 && run.output.contains("hello a.test"), qPrintable(run.output));
    QVERIFY2(timer.elapsed() < 1400, qPrintable(QString::number(timer.elapsed()))); // < timeout
    for (const auto &socket : stalled)
        QCOMPARE(socket->state(), QAbstractSocket::ConnectedState);
}

void TestTlsAcceptor::alpn_data() {
    QTest::addColumn<QString>("offered");
    QTest::addColumn<QString>("expected");
    QTest::newRow("http/1.1") << "http/1.1"
                              << "ALPN protocol: http/1.1";
    QTest::newRow("h2 first") << "h2,http/1.1"
                              << "ALPN protocol: http/1.1";
    QTest::newRow("h2 only") << "h2"
                             << "No ALPN negotiated";
}

void TestTlsAcceptor::alpn() {
    QFETCH(QString, offered);
    QFETCH(QString, expected);
    const Run run = runClient("openssl", {"s_client", "-connect", "127.0.0.1:" + port(),
                                          "-servername", "a.test", "-alpn", offered});
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    QVERIFY2(run.output.contains(expected), qPrintable(run.output));
}

void TestTlsAcceptor::sessionResumption_data() {
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("serverName"); // of the resumed connection
    QTest::newRow("TLS 1.3 ticket") << QStringList{"-tls1_3"} << "a.test";
    QTest::newRow("TLS 1.2 ticket") << QStringList{"-tls1_2"} << "a.test";
    // No ticket: the server's session cache resumes by session ID.
    QTest::newRow("TLS 1.2 session ID") << QStringList{"-tls1_2", "-no_ticket"} << "a.test";
    // The ticket key is the listener's, not the certificate's.
    QTest::newRow("TLS 1.3 other certificate") << QStringList{"-tls1_3"} << "b.test";
}

void TestTlsAcceptor::sessionResumption() {
    QFETCH(QStringList, options);
    QFETCH(QString, serverName);
    const QString session = m_dir.filePath("session.pem");
    QFile::remove(session);
    // -ign_eof with a request: s_client waits for the answer, so the TLS 1.3 ticket (sent
    // after the handshake) has arrived before it saves the session.
    const QByteArray request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    const QStringList common{"s_client", "-connect", "127.0.0.1:" + port(), "-ign_eof"};
    const Run first = runClient(
        "openssl", common + options + QStringList{"-servername", serverName, "-sess_out", session},
        request);
    QVERIFY2(first.exitCode == 0 && first.output.contains("hello"), qPrintable(first.output));
    QVERIFY2(first.output.contains("New, "), qPrintable(first.output));
    QVERIFY(QFile::exists(session));
    const Run second = runClient(
        "openssl", common + options + QStringList{"-servername", serverName, "-sess_in", session},
        request);
    QVERIFY2(second.exitCode == 0 && second.output.contains("hello"), qPrintable(second.output));
    QVERIFY2(second.output.contains("Reused, "), qPrintable(second.output));
}

void TestTlsAcceptor::curlResumesSession() {
    // Two requests in one curl run: the server closes after each, so the second is a new TLS
    // connection, which resumes the first one's session.
    const QString url = "https://a.test:" + port() + "/";
    const Run run = runClient("curl", {"-sS", "-v", "--max-time", "10", "--resolve",
                                       "a.test:" + port() + ":127.0.0.1", "--cacert",
                                       m_dir.filePath("ca.crt"), url, url});
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    QCOMPARE(run.output.count("hello a.test"), 2);
    QVERIFY2(run.output.contains("SSL re-using session ID"), qPrintable(run.output));
}

void TestTlsAcceptor::onlyModernCiphers() {
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    QVERIFY(SSL_CTX_set_cipher_list(ctx, proxy::TlsServerConfig::tls12Ciphers()) == 1);
    const STACK_OF(SSL_CIPHER) *ciphers = SSL_CTX_get_ciphers(ctx);
    QVERIFY(sk_SSL_CIPHER_num(ciphers) > 0);
    for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
        const QString name =
            QString::fromLatin1(SSL_CIPHER_get_name(sk_SSL_CIPHER_value(ciphers, i)));
        const bool tls13 = name.startsWith(u"TLS_");
        const bool forwardSecret = name.startsWith(u"ECDHE-") || name.startsWith(u"DHE-");
        const bool aead = name.contains(u"GCM") || name.contains(u"CHACHA20");
        QVERIFY2(tls13 || (forwardSecret && aead), qPrintable(name));
    }
    SSL_CTX_free(ctx);
    // A client that only offers a static-RSA suite (no forward secrecy) gets no handshake.
    const Run run =
        runClient("openssl", {"s_client", "-connect", "127.0.0.1:" + port(), "-servername",
                              "b.test", "-tls1_2", "-cipher", "AES128-GCM-SHA256"});
    QVERIFY2(run.exitCode != 0, qPrintable(run.output));
}

void TestTlsAcceptor::requestBehindFinishedReachesAUserThatWaits() {
    // A request written before the handshake ends goes out right behind the client's Finished;
    // read ahead with it, it sits in OpenSSL and the socket never signals it again. A user that
    // does not read at once (unlike ProxyConnection) must still be called for it.
    m_server->readAtOnce = false;
    const auto restore = qScopeGuard([this] { m_server->readAtOnce = true; });
    QSslSocket socket;
    QSslConfiguration config = socket.sslConfiguration();
    config.setCaCertificates(QSslCertificate::fromPath(m_dir.filePath("ca.crt")));
    socket.setSslConfiguration(config);
    socket.connectToHostEncrypted("127.0.0.1", m_server->serverPort(), "b.test");
    socket.write("GET / HTTP/1.1\r\nHost: b.test\r\n\r\n"); // sent once encrypted
    QByteArray received;
    QElapsedTimer timer;
    timer.start();
    while (!received.contains("hello") && timer.elapsed() < 5000) {
        QTest::qWait(10); // both ends run on this thread's event loop
        received += socket.readAll();
    }
    QVERIFY2(received.contains("hello b.test"),
             qPrintable(QStringLiteral("got '%1' (%2)")
                            .arg(QString::fromLatin1(received), socket.errorString())));
}

QTEST_GUILESS_MAIN(TestTlsAcceptor)
#include "tst_tlsacceptor.moc"
