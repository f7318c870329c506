#include "export/haproxyexporter.h"
#include "tests/export/exporttesthelpers.h"
#include "tests/export/testtopologies.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::testing;

class TestHAProxyExporter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void acceptedByHAProxy_data() {
        QTest::addColumn<Topology>("topology");
        const QString data = QStringLiteral(INGRESS_TEST_DATA);
        QTest::newRow("shop") << shopTopology(18080, {19001, 19002, 19003, 19004});
        QTest::newRow("shop with TLS")
            << shopTopology(18080, {19001, 19002, 19003, 19004}, data, 18443);
        QTest::newRow("default service only") << defaultOnlyTopology(18081, 19001);
        QTest::newRow("split") << splitTopology(18083, {19001, 19002});
        QTest::newRow("features") << featuresTopology(18084, {19001, 19002, 19003, 19004});
    }
    void acceptedByHAProxy() {
        QFETCH(Topology, topology);
        INGRESS_REQUIRE_TOOL(haproxy, "haproxy");
        QTemporaryDir dir;
        ExportOptions options;
        options.includeSecrets = true;
        options.outputDirectory = dir.path();
        const ExportResult result = HAProxyExporter().exportTopology(topology, options);
        QVERIFY(writeExport(result, dir.path()));
        const ToolRun run = runTool(haproxy, {QStringLiteral("-c"), QStringLiteral("-f"),
                                              dir.filePath(QStringLiteral("haproxy.cfg"))});
        if (run.exitCode != 0 || run.output.contains(QStringLiteral("[WARNING]")))
            qWarning().noquote() << QString::fromUtf8(result.mainText);
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        QVERIFY2(!run.output.contains(QStringLiteral("[WARNING]")), qPrintable(run.output));
    }

    void brokenConfigurationIsRejected() {
        INGRESS_REQUIRE_TOOL(haproxy, "haproxy");
        ExportResult result =
            HAProxyExporter().exportTopology(defaultOnlyTopology(18082, 19001), {});
        result.mainText.replace("balance roundrobin", "balance sideways");
        QTemporaryDir dir;
        QVERIFY(writeExport(result, dir.path()));
        QVERIFY(runTool(haproxy, {QStringLiteral("-c"), QStringLiteral("-f"),
                                  dir.filePath(QStringLiteral("haproxy.cfg"))})
                    .exitCode != 0);
    }

    void content_data() {
        QTest::addColumn<QString>("expected");
        QTest::newRow("exact host") << "{ var(txn.host) -m str 'shop.example.com' }";
        QTest::newRow("one-label wildcard") << R"(-m reg '^[^.]+\.example\.com$')";
        QTest::newRow("element-wise prefix") << R"({ path -m reg '^/api(/|$)' })";
        QTest::newRow("method") << "{ method POST }";
        QTest::newRow("header") << "{ req.fhdr(x-admin) -m str 'yes' }";
        QTest::newRow("leastconn") << "balance leastconn";
        QTest::newRow("source") << "balance source";
        QTest::newRow("health check") << "http-check send meth GET uri '/healthz'";
        QTest::newRow("server check") << "check inter 5000ms fall 3 rise 2";
        QTest::newRow("weight") << "weight 3";
        QTest::newRow("default backend") << "default_backend bk_fallback";
        QTest::newRow("redirect") << "code 301";
    }
    void content() {
        QFETCH(QString, expected);
        const ExportResult result =
            HAProxyExporter().exportTopology(shopTopology(18080, {19001, 19002, 19003, 19004}), {});
        verifyMainTextContains(result, expected);
    }

    // The first route in precedence order is selected first: Exact before Prefix, longer
    // prefixes before shorter ones.
    void precedenceOrder() {
        const QString text = QString::fromUtf8(
            HAProxyExporter()
                .exportTopology(shopTopology(18080, {19001, 19002, 19003, 19004}), {})
                .mainText);
        const auto at = [&](const QString &id) {
            return text.indexOf(QStringLiteral("str(%1)").arg(id));
        };
        // shop.example.com is host 0: route 0 Exact "/", 6 Exact /cart, 2 /api/admin,
        // 3 /api/v1, 1 /api, 5 regex.
        // Exact paths never overlap, so only "before every prefix" matters among them.
        QVERIFY(at(QStringLiteral("h0r0")) < at(QStringLiteral("h0r2")));
        QVERIFY(at(QStringLiteral("h0r6")) < at(QStringLiteral("h0r2")));
        QVERIFY(at(QStringLiteral("h0r2")) < at(QStringLiteral("h0r1")));
        QVERIFY(at(QStringLiteral("h0r3")) < at(QStringLiteral("h0r1")));
        QVERIFY(at(QStringLiteral("h0r1")) < at(QStringLiteral("h0r5")));
    }

    void trafficSplit_data() {
        QTest::addColumn<QString>("expected");
        // One random number per request, then use_backend by running total of the weights.
        QTest::newRow("draw") << "http-request set-var(txn.split_h0r0) rand(100) if "
                                 "{ var(txn.route) -m str h0r0 }";
        QTest::newRow("first share") << "use_backend bk_web if { var(txn.route) -m str h0r0 } "
                                        "{ var(txn.split_h0r0) -m int lt 90 }";
        QTest::newRow("rest") << "use_backend bk_canary if { var(txn.route) -m str h0r0 }\n";
        QTest::newRow("drained backend left out")
            << "use_backend bk_canary if { var(txn.route) -m str h0r1 }\n";
        QTest::newRow("sends nowhere")
            << "http-request return status 503 if { var(txn.route) -m str h0r3 }";
        QTest::newRow("thirds") << "rand(3) if { var(txn.route) -m str h0r4 }";
    }
    void trafficSplit() {
        QFETCH(QString, expected);
        verifyMainTextContains(
            HAProxyExporter().exportTopology(splitTopology(18083, {19001, 19002}), {}), expected);
    }
};

INGRESS_PEER_TEST_MAIN(TestHAProxyExporter)
#include "tst_haproxyexporter.moc"
