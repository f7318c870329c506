#include "model/certs/certificateauthority.h"
#include "model/certs/certificateissuer.h"
#include "model/certs/certificatereader.h"
#include "model/topology/certificateinfo.h"
#include "tests/certs/certtesttools.h"

#include <openssl/x509.h>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::certs;

class TestCertificateIssuer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void issuedCertificateVerifies_data();
    void issuedCertificateVerifies();
    void selfSignedVerifies();
    void caHasCaExtensions();
    void caRoundTripsThroughDisk();
    void loadRejectsBadCa_data();
    void loadRejectsBadCa();
    void rejectsBadRequests_data();
    void rejectsBadRequests();
    void serialsDiffer();
};

void TestCertificateIssuer::issuedCertificateVerifies_data() {
    QTest::addColumn<QString>("caKey");
    QTest::addColumn<QString>("leafKey");
    QTest::addColumn<QStringList>("hosts");
    QTest::addColumn<QString>("expectedKeyType");
    QTest::addColumn<int>("expectedBits");
    QTest::newRow("ec/ec one host") << "ec"
                                    << "ec" << QStringList{"app.test"} << "EC" << 256;
    QTest::newRow("ec/ec wildcard + ip")
        << "ec"
        << "ec" << QStringList{"app.test", "*.app.test", "127.0.0.1", "::1"} << "EC" << 256;
    QTest::newRow("rsa ca / ec leaf") << "rsa2048"
                                      << "ec" << QStringList{"a.test", "b.test"} << "EC" << 256;
    QTest::newRow("ec ca / rsa3072 leaf") << "ec"
                                          << "rsa3072" << QStringList{"rsa.test"} << "RSA" << 3072;
}

void TestCertificateIssuer::issuedCertificateVerifies() {
    QFETCH(QString, caKey);
    QFETCH(QString, leafKey);
    QFETCH(QStringList, hosts);
    QFETCH(QString, expectedKeyType);
    QFETCH(int, expectedBits);
    QString error;
    const auto caSpec = KeySpec::parse(caKey, &error);
    const auto leafSpec = KeySpec::parse(leafKey, &error);
    QVERIFY2(caSpec && leafSpec, qPrintable(error));
    const auto ca = CertificateAuthority::create(QStringLiteral("Test CA"), *caSpec, 30, &error);
    QVERIFY2(ca, qPrintable(error));
    const auto bundle = CertificateIssuer::issue(*ca, {hosts, *leafSpec, 90}, &error);
    QVERIFY2(bundle, qPrintable(error));
    QCOMPARE(bundle->chain().size(), std::size_t(2));
    QVERIFY(bundle->key().matches(bundle->leaf()));

    QTemporaryDir dir;
    QVERIFY(ca->save(dir.path(), &error));
    QVERIFY(bundle->writeTo(dir.path(), QStringLiteral("leaf"), true, &error));
    int rc = 0;
    // -purpose sslserver checks the EKU and key usage a TLS server certificate needs.
    const QString out = runOpenssl({"verify", "-CAfile", dir.filePath("ca.crt"), "-purpose",
                                    "sslserver", dir.filePath("leaf.crt")},
                                   &rc);
    QVERIFY2(rc == 0, qPrintable(out));
    for (const QString &host : hosts) {
        if (host.startsWith(u'*'))
            continue;
        const bool ip = host.contains(u':') || host.at(0).isDigit();
        const QString check =
            runOpenssl({"verify", "-CAfile", dir.filePath("ca.crt"),
                        ip ? "-verify_ip" : "-verify_hostname", host, dir.filePath("leaf.crt")},
                       &rc);
        QVERIFY2(rc == 0, qPrintable(host + QStringLiteral(": ") + check));
    }
    // A wildcard covers one label, checked by OpenSSL's own host matching.
    if (hosts.contains(QStringLiteral("*.app.test"))) {
        runOpenssl({"verify", "-CAfile", dir.filePath("ca.crt"), "-verify_hostname", "api.app.test",
                    dir.filePath("leaf.crt")},
                   &rc);
        QCOMPARE(rc, 0);
        runOpenssl({"verify", "-CAfile", dir.filePath("ca.crt"), "-verify_hostname", "a.b.app.test",
                    dir.filePath("leaf.crt")},
                   &rc);
        QVERIFY(rc != 0);
    }

    const auto info = readCertificatePem(bundle->chainPem(), &error);
    QVERIFY2(info, qPrintable(error));
    QCOMPARE(info->keyType, expectedKeyType);
    QCOMPARE(info->keyBits, expectedBits);
    QCOMPARE(info->commonName, hosts.constFirst());
    QVERIFY(info->chainInOrder);
    QVERIFY(!info->isCa);
    const qint64 days = QDateTime::currentDateTimeUtc().daysTo(info->notAfter);
    QVERIFY2(days >= 89 && days <= 90, qPrintable(QString::number(days)));
}

void TestCertificateIssuer::selfSignedVerifies() {
    QString error;
    const auto bundle =
        CertificateIssuer::selfSigned({{"self.test", "*.self.test"}, KeySpec{}, 10}, &error);
    QVERIFY2(bundle, qPrintable(error));
    QCOMPARE(bundle->chain().size(), std::size_t(1));
    QTemporaryDir dir;
    QVERIFY(bundle->writeTo(dir.path(), QStringLiteral("self"), true, &error));
    int rc = 0;
    const QString out = runOpenssl({"verify", "-CAfile", dir.filePath("self.crt"),
                                    "-verify_hostname", "x.self.test", dir.filePath("self.crt")},
                                   &rc);
    QVERIFY2(rc == 0, qPrintable(out));
    // Signed by its own key, issuer = subject.
    QCOMPARE(X509_verify(bundle->leaf(), X509_get0_pubkey(bundle->leaf())), 1);
    QCOMPARE(
        X509_NAME_cmp(X509_get_subject_name(bundle->leaf()), X509_get_issuer_name(bundle->leaf())),
        0);
}

void TestCertificateIssuer::caHasCaExtensions() {
    QString error;
    const auto ca = CertificateAuthority::create(QStringLiteral("Ext CA"), KeySpec{}, 365, &error);
    QVERIFY2(ca, qPrintable(error));
    QTemporaryDir dir;
    QVERIFY(ca->save(dir.path(), &error));
    int rc = 0;
    const QString text = runOpenssl(
        {"x509", "-in", dir.filePath("ca.crt"), "-noout", "-ext", "basicConstraints,keyUsage"},
        &rc);
    QCOMPARE(rc, 0);
    QVERIFY2(text.contains(u"CA:TRUE"), qPrintable(text));
    QVERIFY2(text.contains(u"Certificate Sign"), qPrintable(text));
    QVERIFY2(text.contains(u"critical"), qPrintable(text));
    // The key file is private, the certificate and instructions are not.
    QCOMPARE(fileMode(dir.filePath("ca.key")), 0600);
    QCOMPARE(fileMode(dir.filePath("ca.crt")), 0644);
    QFile trust(dir.filePath(CertificateAuthority::trustFile));
    QVERIFY(trust.open(QIODevice::ReadOnly));
    QVERIFY(trust.readAll().contains("update-ca-certificates"));
}

void TestCertificateIssuer::caRoundTripsThroughDisk() {
    QString error;
    const auto ca = CertificateAuthority::create(QStringLiteral("Disk CA"), KeySpec{}, 365, &error);
    QTemporaryDir dir;
    QVERIFY(ca && ca->save(dir.path(), &error));
    const auto loaded = CertificateAuthority::load(dir.path(), &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->certificatePem(), ca->certificatePem());
    const auto leaf = CertificateIssuer::issue(*loaded, {{"disk.test"}, KeySpec{}, 30}, &error);
    QVERIFY2(leaf, qPrintable(error));
    QVERIFY(leaf->writeTo(dir.path(), QStringLiteral("leaf"), true, &error));
    int rc = 0;
    const QString out =
        runOpenssl({"verify", "-CAfile", dir.filePath("ca.crt"), dir.filePath("leaf.crt")}, &rc);
    QVERIFY2(rc == 0, qPrintable(out));
}

void TestCertificateIssuer::loadRejectsBadCa_data() {
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing dir") << "missing"
                                 << "no such CA directory";
    QTest::newRow("missing key") << "nokey"
                                 << "no such file";
    QTest::newRow("leaf, not a CA") << "leaf"
                                    << "not a CA certificate";
    QTest::newRow("other key") << "otherkey"
                               << "does not match";
}

void TestCertificateIssuer::loadRejectsBadCa() {
    QFETCH(QString, what);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QString error;
    const auto ca = CertificateAuthority::create(QStringLiteral("Bad CA"), KeySpec{}, 30, &error);
    QVERIFY(ca && ca->save(dir.path(), &error));
    const QString caDir = what == u"missing" ? dir.filePath("nothing-here") : dir.path();
    if (what == u"nokey")
        QFile::remove(dir.filePath("ca.key"));
    if (what == u"leaf" || what == u"otherkey") {
        // Replace the CA's files with a host certificate's: a matching non-CA pair, or the
        // CA certificate with a key that is not its own.
        const auto leaf = CertificateIssuer::issue(*ca, {{"x.test"}, KeySpec{}, 30}, &error);
        QVERIFY(leaf);
        QVERIFY(leaf->writeTo(dir.path(), QStringLiteral("leaf"), true, &error));
        QFile::remove(dir.filePath("ca.key"));
        QVERIFY(QFile::rename(dir.filePath("leaf.key"), dir.filePath("ca.key")));
        if (what == u"leaf") {
            QFile::remove(dir.filePath("ca.crt"));
            QVERIFY(QFile::rename(dir.filePath("leaf.crt"), dir.filePath("ca.crt")));
        }
    }
    const auto loaded = CertificateAuthority::load(caDir, &error);
    QVERIFY(!loaded);
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestCertificateIssuer::rejectsBadRequests_data() {
    QTest::addColumn<QStringList>("hosts");
    QTest::addColumn<int>("days");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no hosts") << QStringList{} << 30 << "at least one host";
    QTest::newRow("bad name") << QStringList{"bad_name!.test"} << 30 << "bad_name!.test";
    QTest::newRow("wildcard in the middle") << QStringList{"a.*.test"} << 30 << "a.*.test";
    QTest::newRow("too long validity") << QStringList{"ok.test"} << 826 << "825";
    QTest::newRow("zero validity") << QStringList{"ok.test"} << 0 << "validity";
}

void TestCertificateIssuer::rejectsBadRequests() {
    QFETCH(QStringList, hosts);
    QFETCH(int, days);
    QFETCH(QString, expected);
    QString error;
    const auto ca = CertificateAuthority::create(QStringLiteral("CA"), KeySpec{}, 30, &error);
    QVERIFY(ca);
    const auto bundle = CertificateIssuer::issue(*ca, {hosts, KeySpec{}, days}, &error);
    QVERIFY(!bundle);
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestCertificateIssuer::serialsDiffer() {
    QString error;
    const auto ca = CertificateAuthority::create(QStringLiteral("CA"), KeySpec{}, 30, &error);
    const auto a = CertificateIssuer::issue(*ca, {{"s.test"}, KeySpec{}, 30}, &error);
    const auto b = CertificateIssuer::issue(*ca, {{"s.test"}, KeySpec{}, 30}, &error);
    QVERIFY(a && b);
    QVERIFY(ASN1_INTEGER_cmp(X509_get0_serialNumber(a->leaf()),
                             X509_get0_serialNumber(b->leaf())) != 0);
}

QTEST_GUILESS_MAIN(TestCertificateIssuer)
#include "tst_certificateissuer.moc"
