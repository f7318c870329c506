// ConfigChecker with the real tools: valid exports check as valid, with and without their keys
// (stand-ins), a broken one fails with the tool's own words, and the asynchronous run reports
// through `finished`.
#include "export/caddyexporter.h"
#include "export/configchecker.h"
#include "export/haproxyexporter.h"
#include "export/kubernetesexporter.h"
#include "export/nginxexporter.h"
#include "tests/export/exporttesthelpers.h"
#include "tests/export/testtopologies.h"

#include <QSignalSpy>
#include <QTest>

using namespace ingress;
using namespace ingress::testing;

namespace {

ExportResult exportAs(const QString &format, const Topology &topology, bool includeSecrets) {
    ExportOptions options;
    options.includeSecrets = includeSecrets;
    if (format == u"nginx")
        return NginxExporter().exportTopology(topology, options);
    if (format == u"haproxy")
        return HAProxyExporter().exportTopology(topology, options);
    return CaddyExporter().exportTopology(topology, options);
}

} // namespace

class TestConfigChecker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validExportsPass_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("includeSecrets");
        QTest::addColumn<bool>("standIns");
        QTest::addColumn<bool>("browser"); // browserTopology: CORS and security headers
        for (const char *format : {"nginx", "haproxy", "caddy"}) {
            QTest::addRow("%s, keys included", format)
                << QString::fromLatin1(format) << true << false << false;
            // Keys are left out by default: the check must not fail on what is not there.
            QTest::addRow("%s, keys left out", format)
                << QString::fromLatin1(format) << false << true << false;
            QTest::addRow("%s, cors and security headers", format)
                << QString::fromLatin1(format) << true << false << true;
        }
    }

    void validExportsPass() {
        QFETCH(QString, format);
        QFETCH(bool, includeSecrets);
        QFETCH(bool, standIns);
        QFETCH(bool, browser);
        const QString tool = ConfigChecker::findTool(format);
        if (tool.isEmpty())
            INGRESS_MISSING_PEER("nginx, haproxy or caddy is not installed");
        const QString data = QStringLiteral(INGRESS_TEST_DATA);
        const Topology topology =
            browser ? browserTopology(18080, {19001, 19002}, data, 18443)
                    : shopTopology(18080, {19001, 19002, 19003, 19004}, data, 18443);
        const ConfigCheckResult result =
            ConfigChecker::check(format, exportAs(format, topology, includeSecrets));
        QVERIFY2(result.passed(), qPrintable(result.summary() + u'\n' + result.output));
        QCOMPARE(result.tool, format);
        QVERIFY(result.summary().endsWith(QLatin1String(": the configuration is valid")));
        QCOMPARE(!result.notes.isEmpty(), standIns);
    }

    // A sticky service: nginx's cookie hash and map, HAProxy's cookie lines, Caddy's policy.
    void stickySessionExportsPass_data() {
        QTest::addColumn<QString>("format");
        for (const char *format : {"nginx", "haproxy", "caddy"})
            QTest::newRow(format) << QString::fromLatin1(format);
    }
    void stickySessionExportsPass() {
        QFETCH(QString, format);
        if (ConfigChecker::findTool(format).isEmpty())
            INGRESS_MISSING_PEER("nginx, haproxy or caddy is not installed");
        const ConfigCheckResult result = ConfigChecker::check(
            format, exportAs(format, stickyTopology(18087, {19001, 19002, 19003}), false));
        QVERIFY2(result.passed(), qPrintable(result.summary() + u'\n' + result.output));
    }

    void brokenExportsFailWithTheToolsWords_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("expected"); // the summary line
        QTest::newRow("nginx") << QStringLiteral("nginx") << QByteArray("worker_processes 1;")
                               << QByteArray("worker_processes one;")
                               << QStringLiteral("nginx -t: failed: [emerg] \"worker_processes\" "
                                                 "directive invalid value in nginx.conf:4");
        QTest::newRow("haproxy") << QStringLiteral("haproxy") << QByteArray("balance roundrobin")
                                 << QByteArray("balance sideways")
                                 << QStringLiteral("haproxy -c: failed: [ALERT] config : parsing "
                                                   "[haproxy.cfg:22] : balance only supports");
        QTest::newRow("caddy")
            << QStringLiteral("caddy") << QByteArray("reverse_proxy") << QByteArray("reverse_proxi")
            << QStringLiteral("caddy validate: failed: Error: adapting config using caddyfile: ");
    }

    void brokenExportsFailWithTheToolsWords() {
        QFETCH(QString, format);
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, expected);
        if (ConfigChecker::findTool(format).isEmpty())
            INGRESS_MISSING_PEER("nginx, haproxy or caddy is not installed");
        ExportResult exported = exportAs(format, defaultOnlyTopology(18082, 19001), false);
        QVERIFY(exported.mainText.contains(from));
        exported.mainText.replace(from, to);
        const ConfigCheckResult result = ConfigChecker::check(format, exported);
        QCOMPARE(result.outcome, ConfigCheckResult::Outcome::Failed);
        QVERIFY2(result.summary().startsWith(expected), qPrintable(result.summary()));
        QVERIFY2(result.output.contains(QString::fromLatin1(to.split(' ').first())),
                 qPrintable(result.output));
        // The temporary folder is gone by the time anyone reads this.
        QVERIFY2(!result.output.contains(QLatin1String("/tmp/")), qPrintable(result.output));
    }

    void otherFormatsAreNotChecked() {
        const ExportResult exported =
            KubernetesExporter().exportTopology(defaultOnlyTopology(18082, 19001), {});
        QVERIFY(!ConfigChecker::supports(QStringLiteral("kubernetes")));
        const ConfigCheckResult result =
            ConfigChecker::check(QStringLiteral("kubernetes"), exported);
        QCOMPARE(result.outcome, ConfigCheckResult::Outcome::NotApplicable);
    }

    void summaries_data() {
        QTest::addColumn<int>("outcome");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not installed") << int(ConfigCheckResult::Outcome::NotInstalled) << QString()
                                       << "nginx is not installed: not checked";
        QTest::newRow("passed") << int(ConfigCheckResult::Outcome::Passed)
                                << "nginx: configuration file nginx.conf test is successful"
                                << "nginx -t: the configuration is valid";
        QTest::newRow("failed")
            << int(ConfigCheckResult::Outcome::Failed)
            << "nginx: [warn] user\n2026/12/07 04:54:02 [emerg] 357#357: unknown directive \"x\" "
               "in nginx.conf:3\nmore"
            << "nginx -t: failed: [emerg] unknown directive \"x\" in nginx.conf:3";
        QTest::newRow("failed, HAProxy")
            << int(ConfigCheckResult::Outcome::Failed)
            << "[NOTICE]   (358) : haproxy version\n[ALERT]    (358) : config : parsing "
               "[haproxy.cfg:22] : bad"
            << "nginx -t: failed: [ALERT] config : parsing [haproxy.cfg:22] : bad";
        QTest::newRow("timed out") << int(ConfigCheckResult::Outcome::TimedOut) << QString()
                                   << "nginx -t: no answer in time: not checked";
    }

    void summaries() {
        QFETCH(int, outcome);
        QFETCH(QString, output);
        QFETCH(QString, expected);
        ConfigCheckResult result;
        result.outcome = ConfigCheckResult::Outcome(outcome);
        result.tool = QStringLiteral("nginx");
        result.command = QStringLiteral("nginx -t");
        result.output = output;
        QCOMPARE(result.summary(), expected);
    }

    void asynchronousRunReports() {
        INGRESS_REQUIRE_TOOL(haproxy, "haproxy");
        ConfigChecker checker;
        QSignalSpy finished(&checker, &ConfigChecker::finished);
        // A second start abandons the first: one report, for the second (the broken) text.
        ExportResult exported =
            exportAs(QStringLiteral("haproxy"), defaultOnlyTopology(18082, 19001), false);
        checker.start(QStringLiteral("haproxy"), exported);
        exported.mainText.replace("balance roundrobin", "balance sideways");
        checker.start(QStringLiteral("haproxy"), exported);
        QVERIFY(checker.isRunning());
        QVERIFY(finished.wait(10000));
        QTest::qWait(100);
        QCOMPARE(finished.count(), 1);
        const auto result = finished.at(0).at(0).value<ConfigCheckResult>();
        QCOMPARE(result.outcome, ConfigCheckResult::Outcome::Failed);
        QVERIFY(!checker.isRunning());
    }

    void aToolThatTakesTooLongTimesOut() {
        INGRESS_REQUIRE_TOOL(caddy, "caddy");
        const ConfigCheckResult result = ConfigChecker::check(
            QStringLiteral("caddy"),
            exportAs(QStringLiteral("caddy"), defaultOnlyTopology(18082, 19001), false), 1);
        QCOMPARE(result.outcome, ConfigCheckResult::Outcome::TimedOut);
    }
};

INGRESS_PEER_TEST_MAIN(TestConfigChecker)
#include "tst_configchecker.moc"
