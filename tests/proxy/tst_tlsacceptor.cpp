#include "certificateauthority.h"
#include "certificateissuer.h"
#include "tls/tlslistenercontext.h"
#include "tls/tlsserverconfig.h"
#include "tlstestserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
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
    void onlyModernCiphers();

private:
    struct Run {
        int exitCode = -1;
        QString output;
    };
    // Runs a client process while the event loop keeps serving, bounded in time.
    Run runClient(const QString &program, const QStringList &args);
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
        context->addCertificate(proxy::TlsServerConfig::make(*bundle), hostSets[i]);
    }
    m_server = std::make_unique<TlsTestServer>(context, 1500ms);
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

TestTlsAcceptor::Run TestTlsAcceptor::runClient(const QString &program, const QStringList &args) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    process.closeWriteChannel(); // s_client: EOF on stdin ends the session after the handshake
    Run run;
    if (!process.waitForStarted(10000))
        return run;
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
    QTest::newRow("plain HTTP") << QByteArray("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n") << "not TLS"
                                << 1000;
    QTest::newRow("oversized ClientHello")
        << QByteArray("\x16\x03\x01\x40\x00\x01\xff\xff\xff", 9) << "exceeds" << 1000;
    QTest::newRow("garbage") << QByteArray("\x16\x03\x01\x00\x00", 5) << "invalid" << 1000;
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

void TestTlsAcceptor::onlyModernCiphers() {
    const QList<QSslCipher> ciphers = proxy::TlsServerConfig::modernCiphers();
    QVERIFY(!ciphers.isEmpty());
    for (const QSslCipher &cipher : ciphers) {
        QVERIFY2(!cipher.name().contains(u"CBC") && !cipher.name().contains(u"RC4") &&
                     !cipher.name().contains(u"3DES") && !cipher.name().contains(u"NULL"),
                 qPrintable(cipher.name()));
    }
    // A client that only offers a static-RSA suite (no forward secrecy) gets no handshake.
    const Run run =
        runClient("openssl", {"s_client", "-connect", "127.0.0.1:" + port(), "-servername",
                              "b.test", "-tls1_2", "-cipher", "AES128-GCM-SHA256"});
    QVERIFY2(run.exitCode != 0, qPrintable(run.output));
}

QTEST_GUILESS_MAIN(TestTlsAcceptor)
#include "tst_tlsacceptor.moc"
