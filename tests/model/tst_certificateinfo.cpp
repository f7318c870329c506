#include "model/certs/certificatereader.h"
#include "model/topology/certificateinfo.h"
#include "tests/model/testcertificates.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;

class TestCertificateInfo : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    testcerts::Issued m_root, m_intermediate, m_leaf;

    QString path(const QString &name) const { return m_dir.filePath(name); }
    static CertificateInfo parse(const QByteArray &pem) {
        QString error;
        const auto info = readCertificatePem(pem, &error);
        if (!info)
            qFatal("fromPem failed: %s", qPrintable(error));
        return *info;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_root = testcerts::issue(testcerts::Spec().cn(QStringLiteral("Test Root")).authority());
        m_intermediate = testcerts::issue(
            testcerts::Spec().cn(QStringLiteral("Test Intermediate")).authority(), &m_root);
        m_leaf = testcerts::issue(testcerts::Spec()
                                      .cn(QStringLiteral("shop.example.com"))
                                      .dns({QStringLiteral("shop.example.com")}),
                                  &m_intermediate);
    }

    void keyAndValidity_data() {
        QTest::addColumn<int>("keyKind");
        QTest::addColumn<int>("notBeforeDays");
        QTest::addColumn<int>("notAfterDays");
        QTest::addColumn<QString>("keyType");
        QTest::addColumn<int>("keyBits");
        using testcerts::KeyKind;
        QTest::newRow("valid 2 years, EC") << int(KeyKind::EcP256) << -1 << 730 << "EC" << 256;
        QTest::newRow("RSA 1024") << int(KeyKind::Rsa1024) << -1 << 365 << "RSA" << 1024;
        QTest::newRow("RSA 2048") << int(KeyKind::Rsa2048) << -1 << 365 << "RSA" << 2048;
        QTest::newRow("expired") << int(KeyKind::EcP256) << -400 << -1 << "EC" << 256;
        QTest::newRow("expiring in 10 days") << int(KeyKind::EcP256) << -10 << 10 << "EC" << 256;
        QTest::newRow("not yet valid") << int(KeyKind::EcP256) << 5 << 50 << "EC" << 256;
    }
    void keyAndValidity() {
        QFETCH(int, keyKind);
        QFETCH(int, notBeforeDays);
        QFETCH(int, notAfterDays);
        QFETCH(QString, keyType);
        QFETCH(int, keyBits);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto issued = testcerts::issue(testcerts::Spec()
                                                 .valid(notBeforeDays, notAfterDays)
                                                 .keyKind(testcerts::KeyKind(keyKind)));
        const CertificateInfo info = parse(issued.certificatePem());
        QCOMPARE(info.keyType, keyType);
        QCOMPARE(info.keyBits, keyBits);
        QCOMPARE(info.notBefore.timeSpec(), Qt::UTC);
        // Within a minute of what was asked: the certificate was made a moment after `now`.
        QVERIFY(qAbs(now.addDays(notBeforeDays).secsTo(info.notBefore)) < 60);
        QVERIFY(qAbs(now.addDays(notAfterDays).secsTo(info.notAfter)) < 60);
        QCOMPARE(info.notAfter < now, notAfterDays < 0);
        QVERIFY(info.selfSigned);
        QCOMPARE(info.chainLength, 1);
        QVERIFY(!info.isCa);
    }

    void subjectAndFingerprint() {
        const auto issued = testcerts::issue(
            testcerts::Spec()
                .cn(QStringLiteral("www.example.com"))
                .dns({QStringLiteral("www.example.com"), QStringLiteral("API.Example.com")})
                .ips({QStringLiteral("10.0.0.1"), QStringLiteral("2001:db8::1")}));
        const CertificateInfo info = parse(issued.certificatePem());
        QCOMPARE(info.commonName, QStringLiteral("www.example.com"));
        QCOMPARE(info.dnsNames, (QStringList{"www.example.com", "api.example.com"}));
        QCOMPARE(info.ipAddresses, (QStringList{"10.0.0.1", "2001:db8::1"}));
        QCOMPARE(info.subject, QStringLiteral("CN=www.example.com,O=Ingress Studio Tests"));
        QCOMPARE(info.issuer, info.subject);
        const QByteArray digest =
            QCryptographicHash::hash(issued.certificateDer(), QCryptographicHash::Sha256);
        QCOMPARE(info.sha256Fingerprint, QString::fromLatin1(digest.toHex(':').toUpper()));
        QCOMPARE(info.sha256Fingerprint.size(), 32 * 3 - 1);
    }

    void covers_data() {
        QTest::addColumn<QStringList>("dnsNames");
        QTest::addColumn<QStringList>("ips");
        QTest::addColumn<QString>("commonName");
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("covered");
        const QStringList wild{"*.bar.com", "shop.example.com"};
        QTest::newRow("wildcard one label") << wild << QStringList() << "x"
                                            << "food.bar.com" << true;
        QTest::newRow("wildcard case") << wild << QStringList() << "x"
                                       << "FOOD.Bar.com" << true;
        QTest::newRow("wildcard two labels") << wild << QStringList() << "x"
                                             << "a.food.bar.com" << false;
        QTest::newRow("wildcard apex") << wild << QStringList() << "x"
                                       << "bar.com" << false;
        QTest::newRow("wildcard host") << wild << QStringList() << "x"
                                       << "*.bar.com" << true;
        QTest::newRow("second SAN") << wild << QStringList() << "x"
                                    << "shop.example.com" << true;
        QTest::newRow("other name") << wild << QStringList() << "x"
                                    << "example.com" << false;
        QTest::newRow("CN ignored when SANs") << wild << QStringList() << "cn.example.com"
                                              << "cn.example.com" << false;
        QTest::newRow("CN used without SANs") << QStringList() << QStringList() << "cn.example.com"
                                              << "CN.example.com" << true;
        QTest::newRow("IP SAN") << wild << QStringList{"10.0.0.1"} << "x"
                                << "10.0.0.1" << true;
        QTest::newRow("IP not listed") << wild << QStringList{"10.0.0.1"} << "x"
                                       << "10.0.0.2" << false;
    }
    void covers() {
        QFETCH(QStringList, dnsNames);
        QFETCH(QStringList, ips);
        QFETCH(QString, commonName);
        QFETCH(QString, host);
        QFETCH(bool, covered);
        const auto issued =
            testcerts::issue(testcerts::Spec().cn(commonName).dns(dnsNames).ips(ips));
        QCOMPARE(parse(issued.certificatePem()).covers(host), covered);
    }

    void chain_data() {
        QTest::addColumn<QList<int>>("order"); // 0 leaf, 1 intermediate, 2 root
        QTest::addColumn<bool>("inOrder");
        QTest::addColumn<QString>("leafCn");
        QTest::newRow("leaf only") << QList<int>{0} << true << "shop.example.com";
        QTest::newRow("full chain") << QList<int>{0, 1, 2} << true << "shop.example.com";
        QTest::newRow("leaf and intermediate") << QList<int>{0, 1} << true << "shop.example.com";
        QTest::newRow("out of order") << QList<int>{0, 2, 1} << false << "shop.example.com";
        QTest::newRow("intermediate first") << QList<int>{1, 0} << false << "Test Intermediate";
        QTest::newRow("unrelated") << QList<int>{0, 2} << false << "shop.example.com";
    }
    void chain() {
        QFETCH(QList<int>, order);
        QFETCH(bool, inOrder);
        QFETCH(QString, leafCn);
        const testcerts::Issued *all[] = {&m_leaf, &m_intermediate, &m_root};
        QByteArray pem;
        for (int i : order)
            pem += all[i]->certificatePem() + '\n';
        const CertificateInfo info = parse(pem);
        QCOMPARE(info.chainLength, order.size());
        QCOMPARE(info.chainInOrder, inOrder);
        QCOMPARE(info.commonName, leafCn);
        QCOMPARE(info.isCa, order.front() != 0);
        QVERIFY(!info.selfSigned);
    }

    void selfSignedCa() {
        const CertificateInfo info = parse(m_root.certificatePem());
        QVERIFY(info.selfSigned);
        QVERIFY(info.isCa);
    }

    void fileErrors_data() {
        QTest::addColumn<QString>("fileName"); // written unless "missing" / "folder"
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("errorPart");
        const QByteArray cert = m_leaf.certificatePem();
        QByteArray damaged = cert;
        damaged[100] = '!';
        QByteArray truncated = cert.left(cert.size() / 2);
        QTest::newRow("missing") << "missing" << QByteArray() << "no such file";
        QTest::newRow("folder") << "folder" << QByteArray() << "is a folder";
        QTest::newRow("empty") << "empty.pem" << QByteArray() << "empty";
        QTest::newRow("blank") << "blank.pem" << QByteArray("\n  \n") << "empty";
        QTest::newRow("junk") << "junk.pem" << QByteArray("hello world\n") << "not PEM";
        QTest::newRow("DER") << "der.crt" << m_leaf.certificateDer() << "not PEM";
        QTest::newRow("key as certificate") << "key.pem" << m_leaf.keyPem() << "private key";
        QTest::newRow("junk after") << "after.pem" << cert + "garbage\n"
                                    << "outside a PEM block";
        QTest::newRow("junk between")
            << "between.pem" << cert + "oops\n" + m_root.certificatePem() << "outside a PEM block";
        QTest::newRow("truncated") << "truncated.pem" << truncated << "has no '-----END";
        QTest::newRow("damaged") << "damaged.pem" << damaged << "damaged";
        QTest::newRow("key after certificate")
            << "withkey.pem" << cert + m_leaf.keyPem() << "private key";
        QTest::newRow("too large")
            << "large.pem" << QByteArray(1024 * 1024 + 10, '\n') << "larger than 1 MiB";
        QTest::newRow("mismatched END")
            << "mismatch.pem" << QByteArray(cert).replace("END CERTIFICATE", "END PRIVATE KEY")
            << "does not close";
    }
    void fileErrors() {
        QFETCH(QString, fileName);
        QFETCH(QByteArray, content);
        QFETCH(QString, errorPart);
        const QString file = path(fileName);
        if (fileName == u"folder")
            QVERIFY(QDir(m_dir.path()).mkpath(fileName));
        else if (fileName != u"missing")
            QVERIFY(testcerts::writeFile(file, content));
        QString error;
        QVERIFY(!readCertificateFile(file, &error));
        QVERIFY2(error.contains(errorPart), qPrintable(error));
        if (fileName != u"missing" && fileName != u"folder" && !error.contains(u"MiB"))
            QVERIFY2(error.startsWith(file), qPrintable(error)); // says which file
    }

    void junkBetweenNamesItsLine() {
        const QByteArray cert = m_leaf.certificatePem();
        const int certLines = int(cert.count('\n'));
        QString error;
        QVERIFY(!readCertificatePem(cert + "\noops\n" + m_root.certificatePem(), &error));
        QVERIFY2(error.startsWith(QStringLiteral("line %1:").arg(certLines + 2)),
                 qPrintable(error));
    }

    void readsFile() {
        const QString file = path(QStringLiteral("chain.pem"));
        QVERIFY(
            testcerts::writeFile(file, m_leaf.certificatePem() + m_intermediate.certificatePem()));
        QString error;
        const auto info = readCertificateFile(file, &error);
        QVERIFY2(info, qPrintable(error));
        QCOMPARE(info->chainLength, 2);
        QVERIFY(info->chainInOrder);
        QCOMPARE(info->names(), QStringList{QStringLiteral("shop.example.com")});
    }

    void crlfAndSurroundingBlankLines() {
        QByteArray pem = "\n\n" + m_leaf.certificatePem() + "\n";
        pem.replace("\n", "\r\n");
        QString error;
        QVERIFY2(readCertificatePem(pem, &error), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestCertificateInfo)
#include "tst_certificateinfo.moc"
