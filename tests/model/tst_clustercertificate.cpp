#include "model/validation/validator.h"
#include "model/yaml/topologyloader.h"
#include "model/yaml/topologywriter.h"

#include <QTest>

using namespace ingress;

// Certificates the cluster holds: a `secret` and no local files. They load, save, round-trip
// and validate with a warning, not an error; a certificate with neither is still an error.
class TestClusterCertificate : public QObject {
    Q_OBJECT

    static QByteArray topology(const QByteArray &certificate) {
        return "apiVersion: ingress-studio/v1\nkind: Topology\n"
               "services:\n  - name: app\n    endpoints: [127.0.0.1:9001]\n"
               "certificates:\n" +
               certificate +
               "hosts:\n  - host: shop.test\n    tls: shop\n    routes:\n"
               "      - path: /\n        service: app\n";
    }

private Q_SLOTS:
    void loadsAndValidates_data() {
        QTest::addColumn<QByteArray>("certificate");
        QTest::addColumn<bool>("loads");
        QTest::addColumn<QString>("rule"); // expected finding, empty: none of these
        QTest::addColumn<bool>("inCluster");
        QTest::newRow("secret only") << QByteArray("  - name: shop\n    secret: shop/shop-tls\n")
                                     << true << "certificate-in-cluster" << true;
        QTest::newRow("secret without namespace")
            << QByteArray("  - name: shop\n    secret: shop-tls\n") << true
            << "certificate-in-cluster" << true;
        QTest::newRow("bad secret") << QByteArray("  - name: shop\n    secret: Shop_TLS\n") << true
                                    << "invalid-secret" << true;
        QTest::newRow("too many parts") << QByteArray("  - name: shop\n    secret: a/b/c\n") << true
                                        << "invalid-secret" << true;
        QTest::newRow("neither") << QByteArray("  - name: shop\n") << false << "missing-field"
                                 << false;
    }
    void loadsAndValidates() {
        QFETCH(QByteArray, certificate);
        QFETCH(bool, loads);
        QFETCH(QString, rule);
        QFETCH(bool, inCluster);
        const LoadResult loaded = TopologyLoader::loadData(topology(certificate), "t.yaml");
        QCOMPARE(loaded.ok(), loads);
        if (!loads) {
            QVERIFY(!loaded.diagnostics.isEmpty());
            QCOMPARE(loaded.diagnostics.constFirst().ruleId, rule);
            return;
        }
        const Certificate &c = loaded.topology->certificates.constFirst();
        QCOMPARE(c.inCluster(), inCluster);
        QVERIFY(!c.keyInKeychain()); // nothing to look for in the keychain
        QStringList rules;
        for (const Diagnostic &d : Validator::validate(*loaded.topology))
            rules << d.ruleId;
        QVERIFY2(rules.contains(rule), qPrintable(rules.join(u' ')));
        QVERIFY2(!rules.contains(QStringLiteral("certificate-file")), qPrintable(rules.join(u' ')));
        QVERIFY2(!rules.contains(QStringLiteral("key-file")), qPrintable(rules.join(u' ')));
    }

    void roundTrips_data() {
        QTest::addColumn<QByteArray>("certificate");
        QTest::addColumn<QString>("secretName");
        QTest::addColumn<QString>("secretNamespace");
        QTest::newRow("cluster") << QByteArray("  - name: shop\n    secret: shop/shop-tls\n")
                                 << "shop-tls"
                                 << "shop";
        QTest::newRow("files and a secret")
            << QByteArray("  - name: shop\n    certificate: shop.crt\n    privateKey: shop.key\n"
                          "    secret: tls-shop\n")
            << "tls-shop"
            << "";
        QTest::newRow("files") << QByteArray("  - name: shop\n    certificate: shop.crt\n")
                               << "shop"
                               << "";
    }
    void roundTrips() {
        QFETCH(QByteArray, certificate);
        QFETCH(QString, secretName);
        QFETCH(QString, secretNamespace);
        const LoadResult first = TopologyLoader::loadData(topology(certificate), "t.yaml");
        QVERIFY(first.ok());
        const QByteArray saved = TopologyWriter::toYaml(*first.topology);
        const LoadResult second = TopologyLoader::loadData(saved, "t.yaml");
        QVERIFY2(second.ok(), saved.constData());
        QCOMPARE(*second.topology, *first.topology);
        QCOMPARE(TopologyWriter::toYaml(*second.topology), saved);
        const Certificate &c = second.topology->certificates.constFirst();
        QCOMPARE(c.secretName(), secretName);
        QCOMPARE(c.secretNamespace(), secretNamespace);
        if (c.inCluster())
            QVERIFY2(!saved.contains("privateKey"), saved.constData());
    }
};

QTEST_GUILESS_MAIN(TestClusterCertificate)
#include "tst_clustercertificate.moc"
