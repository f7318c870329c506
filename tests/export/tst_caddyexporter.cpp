#include "export/caddyexporter.h"
#include "tests/export/exporttesthelpers.h"
#include "tests/export/testtopologies.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::testing;

namespace {

// `caddy validate` adapts the Caddyfile and provisions every module, certificates included.
ToolRun caddyValidate(const QString &caddy, const QTemporaryDir &dir) {
    return runTool(caddy,
                   {QStringLiteral("validate"), QStringLiteral("--adapter"),
                    QStringLiteral("caddyfile"), QStringLiteral("--config"),
                    dir.filePath(QStringLiteral("Caddyfile"))},
                   dir.path());
}

} // namespace

class TestCaddyExporter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void acceptedByCaddy_data() {
        QTest::addColumn<Topology>("topology");
        const QString data = QStringLiteral(INGRESS_TEST_DATA);
        QTest::newRow("shop") << shopTopology(18080, {19001, 19002, 19003, 19004});
        QTest::newRow("shop with TLS")
            << shopTopology(18080, {19001, 19002, 19003, 19004}, data, 18443);
        QTest::newRow("redirects") << redirectTopology(18082, {19001, 19002});
        QTest::newRow("split") << splitTopology(18083, {19001, 19002});
        QTest::newRow("features") << featuresTopology(18084, {19001, 19002, 19003, 19004});
        QTest::newRow("default service only") << defaultOnlyTopology(18081, 19001);
    }
    void acceptedByCaddy() {
        QFETCH(Topology, topology);
        INGRESS_REQUIRE_TOOL(caddy, "caddy");
        QTemporaryDir dir;
        ExportOptions options;
        options.includeSecrets = true;
        options.outputDirectory = dir.path();
        const ExportResult result = CaddyExporter().exportTopology(topology, options);
        QVERIFY(writeExport(result, dir.path()));
        const ToolRun run = caddyValidate(caddy, dir);
        if (run.exitCode != 0)
            qWarning().noquote() << QString::fromUtf8(result.mainText);
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    }

    void brokenConfigurationIsRejected() {
        INGRESS_REQUIRE_TOOL(caddy, "caddy");
        ExportResult result = CaddyExporter().exportTopology(defaultOnlyTopology(18081, 19001), {});
        result.mainText.replace("reverse_proxy", "reverse_proxi");
        QTemporaryDir dir;
        QVERIFY(writeExport(result, dir.path()));
        const ToolRun run = caddyValidate(caddy, dir);
        QVERIFY(run.exitCode != 0);
    }

    void content_data() {
        QTest::addColumn<QString>("expected");
        QTest::newRow("exact host site") << "http://shop.example.com:18080 {";
        QTest::newRow("wildcard site") << "http://*.example.com:18080 {";
        QTest::newRow("catch-all site") << "http://:18080 {";
        QTest::newRow("bind") << "bind 127.0.0.1";
        QTest::newRow("element-wise prefix") << R"x(path_regexp "^/api(/|$)")x";
        QTest::newRow("method") << "method POST";
        QTest::newRow("header") << R"(header x-admin "yes")";
        QTest::newRow("ordered handles") << "route {";
        QTest::newRow("least_conn") << "lb_policy least_conn";
        QTest::newRow("ip_hash") << "lb_policy ip_hash";
        QTest::newRow("health") << R"(health_uri "/healthz")";
        QTest::newRow("weights by repetition")
            << "reverse_proxy 127.0.0.1:19004 127.0.0.1:19004 127.0.0.1:19004 127.0.0.1:19005 {";
        QTest::newRow("rewrite") << R"x(uri path_regexp "^/api/v1(/.*)?$" "/v2$1")x";
        QTest::newRow("redirect")
            << R"(redir "http://{host}{ingress_port}{ingress_path}{?query}" 301)";
        QTest::newRow("default service") << "reverse_proxy 127.0.0.1:19004";
    }
    void content() {
        QFETCH(QString, expected);
        Topology topology = shopTopology(18080, {19001, 19002, 19003, 19004});
        topology.services.last().endpoints << Endpoint{QStringLiteral("127.0.0.1:19005"), 1, {}};
        const ExportResult result = CaddyExporter().exportTopology(topology, {});
        verifyMainTextContains(result, expected);
    }

    void warnings_data() {
        QTest::addColumn<QString>("expected");
        QTest::newRow("health thresholds") << "no health check thresholds";
    }
    void warnings() {
        QFETCH(QString, expected);
        const ExportResult result =
            CaddyExporter().exportTopology(shopTopology(18080, {19001, 19002, 19003, 19004}), {});
        QVERIFY(hasWarning(result, expected));
    }

    // Caddy cannot choose between handlers by weight: the heaviest backend takes all, and the
    // export says so.
    void trafficSplit() {
        const ExportResult result =
            CaddyExporter().exportTopology(splitTopology(18083, {19001, 19002}), {});
        QVERIFY(hasWarning(result,
                           QStringLiteral("cannot split traffic by weight between services; every "
                                          "request goes to 'web'")));
        QVERIFY(hasWarning(result, QStringLiteral("every request goes to 'canary'")));
        verifyMainTextContains(result, QStringLiteral("reverse_proxy 127.0.0.1:19001"));
    }
};

INGRESS_PEER_TEST_MAIN(TestCaddyExporter)
#include "tst_caddyexporter.moc"
