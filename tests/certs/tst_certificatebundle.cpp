#include "model/certs/certificatebundle.h"
#include "model/certs/certificateissuer.h"
#include "model/certs/secretfile.h"
#include "tests/certs/certtesttools.h"

#include <openssl/x509.h>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress::certs;

// Import of material made by another tool (the openssl command line), so the tests do not
// only read back what our own writer produced.
class TestCertificateBundle : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void importsPem_data();
    void importsPem();
    void rejectsBadPem_data();
    void rejectsBadPem();
    void encryptedKey_data();
    void encryptedKey();
    void importsPkcs12_data();
    void importsPkcs12();
    void pkcs12RoundTrip();
    void secretFilesAre0600();
    void readSmallFileLimits();

private:
    QByteArray file(const QString &name) const;

    QTemporaryDir m_dir;
};

QByteArray TestCertificateBundle::file(const QString &name) const {
    QFile f(m_dir.filePath(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    return f.readAll();
}

void TestCertificateBundle::initTestCase() {
    QVERIFY(m_dir.isValid());
    const auto run = [this](const QStringList &args) {
        int rc = 0;
        const QString out = runOpenssl(args, &rc);
        QVERIFY2(rc == 0, qPrintable(out));
    };
    const auto p = [this](const char *name) { return m_dir.filePath(QString::fromLatin1(name)); };
    // A chain: root -> intermediate -> leaf, RSA leaf key, made with openssl alone.
    run({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", p("root.key"), "-out", p("root.crt"), "-days", "30", "-subj", "/CN=Root",
         "-addext", "basicConstraints=critical,CA:TRUE"});
    run({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
         p("int.key"), "-out", p("int.csr"), "-subj", "/CN=Intermediate"});
    QFile ext(p("int.ext"));
    QVERIFY(ext.open(QIODevice::WriteOnly));
    ext.write("basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n");
    ext.close();
    run({"x509", "-req", "-in", p("int.csr"), "-CA", p("root.crt"), "-CAkey", p("root.key"),
         "-CAcreateserial", "-days", "30", "-extfile", p("int.ext"), "-out", p("int.crt")});
    run({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", p("leaf.key"), "-out", p("leaf.csr"),
         "-subj", "/CN=leaf.test"});
    run({"x509", "-req", "-in", p("leaf.csr"), "-CA", p("int.crt"), "-CAkey", p("int.key"),
         "-CAcreateserial", "-days", "30", "-out", p("leaf.crt")});
    run({"pkey", "-in", p("leaf.key"), "-aes256", "-passout", "pass:s3cret", "-out",
         p("leaf-enc.key")});
    run({"pkcs12", "-export", "-inkey", p("leaf.key"), "-in", p("leaf.crt"), "-certfile",
         p("int.crt"), "-passout", "pass:p12pass", "-out", p("leaf.p12")});
    run({"pkcs12", "-export", "-inkey", p("leaf.key"), "-in", p("leaf.crt"), "-passout",
         "pass:", "-out", p("nopass.p12")});
    run({"pkcs12", "-export", "-nokeys", "-in", p("leaf.crt"), "-passout", "pass:x", "-out",
         p("nokey.p12")});
}

void TestCertificateBundle::importsPem_data() {
    QTest::addColumn<QStringList>("chainFiles");
    QTest::addColumn<QString>("keyFile");
    QTest::addColumn<int>("chainLength");
    QTest::newRow("leaf only") << QStringList{"leaf.crt"} << "leaf.key" << 1;
    QTest::newRow("leaf + intermediate") << QStringList{"leaf.crt", "int.crt"} << "leaf.key" << 2;
    QTest::newRow("intermediate with its key") << QStringList{"int.crt"} << "int.key" << 1;
}

void TestCertificateBundle::importsPem() {
    QFETCH(QStringList, chainFiles);
    QFETCH(QString, keyFile);
    QFETCH(int, chainLength);
    QByteArray chain;
    for (const QString &name : chainFiles)
        chain += file(name);
    QString error;
    const auto bundle = CertificateBundle::fromPem(chain, file(keyFile), {}, &error);
    QVERIFY2(bundle, qPrintable(error));
    QCOMPARE(int(bundle->chain().size()), chainLength);
    QVERIFY(bundle->key().matches(bundle->leaf()));
    // What we write out is read back the same.
    const auto again = CertificateBundle::fromPem(bundle->chainPem(), bundle->keyPem(), {}, &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->chainPem(), bundle->chainPem());
}

void TestCertificateBundle::rejectsBadPem_data() {
    QTest::addColumn<QByteArray>("chain");
    QTest::addColumn<QString>("keyFile");
    QTest::addColumn<QString>("expected");
    QTest::newRow("mismatched key") << QByteArray("leaf.crt") << "int.key"
                                    << "does not match";
    QTest::newRow("key is not a key") << QByteArray("leaf.crt") << "leaf.crt"
                                      << "not a PEM private key";
    QTest::newRow("not a certificate") << QByteArray("!leaf.key") << "leaf.key"
                                       << "certificate";
    QTest::newRow("junk between blocks") << QByteArray("!junk") << "leaf.key"
                                         << "certificate";
    QTest::newRow("empty") << QByteArray("!") << "leaf.key"
                           << "certificate";
    QTest::newRow("truncated") << QByteArray("!truncated") << "leaf.key"
                               << "certificate";
}

void TestCertificateBundle::rejectsBadPem() {
    QFETCH(QByteArray, chain);
    QFETCH(QString, keyFile);
    QFETCH(QString, expected);
    QByteArray pem;
    if (chain == "!leaf.key")
        pem = file(QStringLiteral("leaf.key"));
    else if (chain == "!junk")
        pem = file(QStringLiteral("leaf.crt")) + "garbage line\n" + file(QStringLiteral("int.crt"));
    else if (chain == "!truncated")
        pem = file(QStringLiteral("leaf.crt")).left(300);
    else if (chain != "!")
        pem = file(QString::fromLatin1(chain));
    QString error;
    const auto bundle = CertificateBundle::fromPem(pem, file(keyFile), {}, &error);
    QVERIFY(!bundle);
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestCertificateBundle::encryptedKey_data() {
    QTest::addColumn<QByteArray>("passphrase");
    QTest::addColumn<int>("why"); // PrivateKey::LoadError
    QTest::newRow("none given") << QByteArray() << int(PrivateKey::LoadError::NeedsPassphrase);
    QTest::newRow("wrong") << QByteArray("nope") << int(PrivateKey::LoadError::WrongPassphrase);
    QTest::newRow("right") << QByteArray("s3cret") << int(PrivateKey::LoadError::None);
}

void TestCertificateBundle::encryptedKey() {
    QFETCH(QByteArray, passphrase);
    QFETCH(int, why);
    QString error;
    PrivateKey::LoadError reason{};
    const auto bundle = CertificateBundle::fromPem(file("leaf.crt"), file("leaf-enc.key"),
                                                   passphrase, &error, &reason);
    QCOMPARE(int(reason), why);
    QCOMPARE(bundle.has_value(), why == int(PrivateKey::LoadError::None));
    if (!bundle)
        QVERIFY2(error.contains(u"passphrase"), qPrintable(error));
}

void TestCertificateBundle::importsPkcs12_data() {
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("passphrase");
    QTest::addColumn<int>("chainLength"); // 0: must fail
    QTest::addColumn<QString>("expected");
    QTest::newRow("with chain") << "leaf.p12" << QByteArray("p12pass") << 2 << "";
    QTest::newRow("no passphrase") << "nopass.p12" << QByteArray() << 1 << "";
    QTest::newRow("needs passphrase") << "leaf.p12" << QByteArray() << 0 << "passphrase is needed";
    QTest::newRow("wrong passphrase") << "leaf.p12" << QByteArray("x") << 0 << "wrong passphrase";
    QTest::newRow("no key inside") << "nokey.p12" << QByteArray("x") << 0 << "no private key";
    QTest::newRow("PEM, not PKCS#12") << "leaf.crt" << QByteArray() << 0 << "not a PKCS#12";
}

void TestCertificateBundle::importsPkcs12() {
    QFETCH(QString, fileName);
    QFETCH(QByteArray, passphrase);
    QFETCH(int, chainLength);
    QFETCH(QString, expected);
    QString error;
    const auto bundle = CertificateBundle::fromPkcs12(file(fileName), passphrase, &error);
    if (chainLength == 0) {
        QVERIFY(!bundle);
        QVERIFY2(error.contains(expected), qPrintable(error));
        return;
    }
    QVERIFY2(bundle, qPrintable(error));
    QCOMPARE(int(bundle->chain().size()), chainLength);
    QCOMPARE(bundle->key().typeName(), QStringLiteral("RSA"));
    QCOMPARE(bundle->key().bits(), 2048);
}

void TestCertificateBundle::pkcs12RoundTrip() {
    QString error;
    const auto issued = CertificateIssuer::selfSigned({{"p12.test"}, KeySpec{}, 30}, &error);
    QVERIFY(issued);
    const QByteArray der = issued->toPkcs12(QStringLiteral("p12.test"), "pw", &error);
    QVERIFY2(!der.isEmpty(), qPrintable(error));
    QFile out(m_dir.filePath("ours.p12"));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(der);
    out.close();
    int rc = 0;
    const QString text = runOpenssl(
        {"pkcs12", "-in", out.fileName(), "-passin", "pass:pw", "-nodes", "-nokeys"}, &rc);
    QVERIFY2(rc == 0 && text.contains(u"p12.test"), qPrintable(text));
    const auto back = CertificateBundle::fromPkcs12(der, "pw", &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->chainPem(), issued->chainPem());
}

void TestCertificateBundle::secretFilesAre0600() {
    QString error;
    const QString path = m_dir.filePath("secret.key");
    // Pre-create it world-readable: the rewrite must not keep the old mode.
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("old");
    old.close();
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                            QFileDevice::ReadOther));
    QVERIFY2(writeSecretFile(path, "secret", &error), qPrintable(error));
    QCOMPARE(fileMode(path), 0600);
    QByteArray data;
    QVERIFY(readSmallFile(path, &data, &error));
    QCOMPARE(data, QByteArray("secret"));
    QVERIFY(!writeSecretFile(m_dir.filePath("no/such/dir/x.key"), "x", &error));
    QVERIFY2(error.contains(u"cannot write"), qPrintable(error));
}

void TestCertificateBundle::readSmallFileLimits() {
    QByteArray data;
    QString error;
    QVERIFY(!readSmallFile(m_dir.filePath("missing"), &data, &error));
    QVERIFY2(error.contains(u"no such file"), qPrintable(error));
    QVERIFY(!readSmallFile(m_dir.path(), &data, &error));
    QVERIFY2(error.contains(u"not a regular file"), qPrintable(error));
    QVERIFY(!readSmallFile(m_dir.filePath("leaf.crt"), &data, &error, 10));
    QVERIFY2(error.contains(u"too large"), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestCertificateBundle)
#include "tst_certificatebundle.moc"
