#include "cli/certcommand.h"
#include "keystore/keystore.h"
#include "model/certs/certificatebundle.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::keystore;
using Status = KeyStoreResult::Status;

namespace {

// `ingress-studio-cli cert` in-process, its output kept for the checks.
struct CertCli {
    QString out, err;
    int run(const QStringList &args) {
        QTextStream outStream(&out, QIODevice::Append), errStream(&err, QIODevice::Append);
        return cli::CertCommand().run(args, cli::Io{outStream, errStream});
    }
};

} // namespace

// Runs twice under CTest: inside scripts/with-keyring.sh (a real gnome-keyring-daemon,
// INGRESS_KEYSTORE_EXPECT=available) and with no session bus at all (=missing).
class TestKeyStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void noKeychainSaysSo();
    void roundTrip_data();
    void roundTrip();
    void overwriteAndRemove();
    void servicesAreSeparate();
    void cliImportStoresKeyInKeychain();
    void cliImportWithoutKeychainWritesNothing();
    void serveTakesKeyFromKeychain();

private:
    bool m_available = false;
    QString m_service; // unique per run: tests never see each other's entries
};

void TestKeyStore::initTestCase() {
    const QByteArray expect = qgetenv("INGRESS_KEYSTORE_EXPECT");
    if (expect.isEmpty())
        QSKIP("run through CTest (INGRESS_KEYSTORE_EXPECT=available|missing)");
    m_available = expect == "available";
    m_service =
        QStringLiteral("ingress-studio-test-%1").arg(QRandomGenerator::global()->generate());
    if (m_available && !KeyStore::compiledIn())
        QFAIL("built without QtKeychain, but a keychain is expected");
}

void TestKeyStore::noKeychainSaysSo() {
    if (m_available)
        QSKIP("a keychain is running");
    QElapsedTimer timer;
    timer.start();
    const KeyStoreResult r = KeyStore(m_service, std::chrono::seconds(5)).probe();
    QVERIFY2(timer.elapsed() < 10000, "the probe must be bounded in time");
    QVERIFY(!r.ok());
    QVERIFY2(r.status == Status::NoKeychain || r.status == Status::TimedOut ||
                 r.status == Status::Failed,
             qPrintable(KeyStoreResult::statusName(r.status)));
    // The message offers the way out: a key file.
    QVERIFY2(r.message.contains(u"privateKey: path/to/key.pem"), qPrintable(r.message));
    const KeyStoreResult write = KeyStore(m_service, std::chrono::seconds(5)).write("x", "y");
    QVERIFY(!write.ok());
}

void TestKeyStore::roundTrip_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("secret");
    QTest::newRow("pem") << "shop"
                         << QByteArray("-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n"
                                       "-----END PRIVATE KEY-----\n");
    QTest::newRow("unicode name") << QStringLiteral("bücher-zertifikat") << QByteArray("k");
    QByteArray binary(256, '\0');
    for (int i = 0; i < binary.size(); ++i)
        binary[i] = char(i);
    QTest::newRow("binary") << "binary" << binary;
    QTest::newRow("16 KiB") << "large" << QByteArray(16 * 1024, 'x');
}

void TestKeyStore::roundTrip() {
    if (!m_available)
        QSKIP("no keychain in this run");
    QFETCH(QString, name);
    QFETCH(QByteArray, secret);
    const KeyStore store(m_service);
    QVERIFY2(store.probe().ok(), qPrintable(store.probe().message));
    const KeyStoreResult written = store.write(name, secret);
    QVERIFY2(written.ok(), qPrintable(written.message));
    const KeyStoreResult read = store.read(name);
    QVERIFY2(read.ok(), qPrintable(read.message));
    QCOMPARE(read.data, secret);
    QVERIFY(store.remove(name).ok());
}

void TestKeyStore::overwriteAndRemove() {
    if (!m_available)
        QSKIP("no keychain in this run");
    const KeyStore store(m_service);
    QCOMPARE(store.read("never-written").status, Status::NotFound);
    QVERIFY(store.write("cert", "first").ok());
    QVERIFY(store.write("cert", "second").ok());
    QCOMPARE(store.read("cert").data, QByteArray("second"));
    QVERIFY(store.remove("cert").ok());
    const KeyStoreResult gone = store.read("cert");
    QCOMPARE(gone.status, Status::NotFound);
    QVERIFY2(gone.message.contains(u"cert"), qPrintable(gone.message));
}

void TestKeyStore::servicesAreSeparate() {
    if (!m_available)
        QSKIP("no keychain in this run");
    const KeyStore a(m_service + "-a"), b(m_service + "-b");
    QVERIFY(a.write("same-name", "from a").ok());
    QCOMPARE(b.read("same-name").status, Status::NotFound);
    QVERIFY(a.remove("same-name").ok());
}

void TestKeyStore::cliImportStoresKeyInKeychain() {
    if (!m_available)
        QSKIP("no keychain in this run");
    QTemporaryDir dir;
    CertCli cli;
    QCOMPARE(cli.run({"self-signed", "kc.test", "-o", dir.filePath("src")}), 0);
    const QString name = QStringLiteral("kc-%1").arg(QRandomGenerator::global()->generate());
    const int code = cli.run({"import", dir.filePath("src/kc.test.crt"), "--key",
                              dir.filePath("src/kc.test.key"), "--name", name, "--keychain", "-o",
                              dir.filePath("dst")});
    QVERIFY2(code == 0, qPrintable(cli.err));
    QVERIFY2(cli.out.contains(u"privateKey: keychain"), qPrintable(cli.out));
    // No key file next to the certificate: the key lives in the keychain only.
    QVERIFY(QFile::exists(dir.filePath("dst/" + name + ".crt")));
    QVERIFY(!QFile::exists(dir.filePath("dst/" + name + ".key")));
    const KeyStore store; // the service the app uses
    const KeyStoreResult read = store.read(name);
    QVERIFY2(read.ok(), qPrintable(read.message));
    QFile crt(dir.filePath("dst/" + name + ".crt"));
    QVERIFY(crt.open(QIODevice::ReadOnly));
    QString error;
    QVERIFY2(certs::CertificateBundle::fromPem(crt.readAll(), read.data, {}, &error),
             qPrintable(error));
    QVERIFY(store.remove(name).ok());
}

void TestKeyStore::cliImportWithoutKeychainWritesNothing() {
    if (m_available)
        QSKIP("a keychain is running");
    QTemporaryDir dir;
    CertCli cli;
    QCOMPARE(cli.run({"self-signed", "nk.test", "-o", dir.filePath("src")}), 0);
    const int code = cli.run({"import", dir.filePath("src/nk.test.crt"), "--key",
                              dir.filePath("src/nk.test.key"), "--name", "nk", "--keychain", "-o",
                              dir.filePath("dst")});
    QCOMPARE(code, 1);
    // Says so, and offers the key file instead.
    QVERIFY2(cli.err.contains(u"import without --keychain"), qPrintable(cli.err));
    QVERIFY(!QFile::exists(dir.filePath("dst/nk.crt")));
}

// `serve` of a topology whose key lives only in the keychain: the HTTPS listener answers with
// that certificate (the key was read on serve's main thread, through GLib's main context,
// while its workers run without GLib).
void TestKeyStore::serveTakesKeyFromKeychain() {
    if (!m_available)
        QSKIP("no keychain in this run");
    QTemporaryDir dir;
    CertCli cli;
    QCOMPARE(cli.run({"self-signed", "kc.test", "-o", dir.filePath("src")}), 0);
    const QString name = QStringLiteral("serve-%1").arg(QRandomGenerator::global()->generate());
    QFile key(dir.filePath("src/kc.test.key"));
    QVERIFY(key.open(QIODevice::ReadOnly));
    QVERIFY(KeyStore().write(name, key.readAll()).ok());
    QVERIFY(key.remove()); // the keychain holds the only copy
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    QFile topology(dir.filePath("topology.yaml"));
    QVERIFY(topology.open(QIODevice::WriteOnly));
    topology.write(QStringLiteral("apiVersion: ingress-studio/v1\nkind: Topology\n"
                                  "listeners:\n  - name: secure\n    bind: 127.0.0.1:%1\n"
                                  "    protocol: HTTPS\n"
                                  "services:\n  - name: app\n    port: 80\n"
                                  "    endpoints: [127.0.0.1:9]\n"
                                  "certificates:\n  - name: %2\n"
                                  "    certificate: src/kc.test.crt\n    privateKey: keychain\n"
                                  "hosts:\n  - host: kc.test\n    tls: %2\n    routes:\n"
                                  "      - path: /\n        service: app\n")
                       .arg(port)
                       .arg(name)
                       .toUtf8());
    topology.close();

    QProcess serve;
    serve.setProcessChannelMode(QProcess::MergedChannels);
    serve.start(QStringLiteral(INGRESS_BIN_DIR "/ingress-studio-cli"),
                {"serve", topology.fileName(), "--workers", "1"});
    QVERIFY(serve.waitForStarted());
    QByteArray log;
    QTRY_VERIFY_WITH_TIMEOUT(
        (log += serve.readAll()).contains("127.0.0.1:" + QByteArray::number(port)), 10000);
    QVERIFY2(!log.contains("warning"), log.constData());

    QProcess client;
    client.start("openssl", {"s_client", "-connect", QStringLiteral("127.0.0.1:%1").arg(port),
                             "-servername", "kc.test"});
    QVERIFY(client.waitForStarted());
    client.closeWriteChannel();
    QVERIFY(client.waitForFinished(10000));
    const QByteArray handshake = client.readAll();
    serve.terminate();
    serve.waitForFinished(5000);
    QVERIFY(KeyStore().remove(name).ok());
    QVERIFY2(handshake.contains("CN = kc.test") && !handshake.contains("no peer certificate"),
             handshake.constData());
}

QTEST_GUILESS_MAIN(TestKeyStore)
#include "tst_keystore.moc"
