#include "export/haproxyexporter.h"
#include "model/routing/routingtable.h"
#include "tests/export/authtopology.h"
#include "tests/export/exporttesthelpers.h"
#include "tests/export/testtopologies.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::testing;

class TestHAProxyExporter : public QObject {
    Q_OBJECT
    QTemporaryDir m_files; // htpasswd files of the policy topologies
    PolicyFiles m_htpasswd;

    Topology policies() const { return policyTopology(18085, {19001, 19002}, m_htpasswd.users); }
    Topology policyFeatures() const {
        return policyFeaturesTopology(18085, {19001, 19002}, m_htpasswd.users, m_htpasswd.mixed);
    }
    static ExportOptions withSecrets() {
        ExportOptions options;
        options.includeSecrets = true;
        return options;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_files.isValid());
        m_htpasswd = writePolicyFiles(m_files.path());
        QVERIFY(!m_htpasswd.users.isEmpty());
    }

    void acceptedByHAProxy_data() {
        QTest::addColumn<Topology>("topology");
        const QString data = QStringLiteral(INGRESS_TEST_DATA);
        QTest::newRow("shop") << shopTopology(18080, {19001, 19002, 19003, 19004});
        QTest::newRow("shop with TLS")
            << shopTopology(18080, {19001, 19002, 19003, 19004}, data, 18443);
        QTest::newRow("default service only") << defaultOnlyTopology(18081, 19001);
        QTest::newRow("split") << splitTopology(18083, {19001, 19002});
        QTest::newRow("features") << featuresTopology(18084, {19001, 19002, 19003, 19004});
        QTest::newRow("sticky sessions") << stickyTopology(18087, {19001, 19002, 19003});
        QTest::newRow("policies") << policies();
        QTest::newRow("policy features") << policyFeatures();
        QTest::newRow("cors and security headers") << browserTopology(18086, {19001, 19002});
        QTest::newRow("cors and security headers with TLS")
            << browserTopology(18086, {19001, 19002}, data, 18443);
        QTest::newRow("external auth") << externalAuthTopology(18088, 19001, 19002);
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

    // Policies become http-request rules on the route's condition, in the engine's order;
    // limits use stick tables, basic auth a userlist with the file's users inlined.
    void policyRules_data() {
        QTest::addColumn<bool>("features");
        QTest::addColumn<QString>("expected");
        QTest::newRow("deny") << false
                              << "http-request deny deny_status 403 if { var(txn.route) -m str "
                                 "h0r0 } { src 127.0.0.1/32 }\n";
        QTest::newRow("allow") << false
                               << "http-request deny deny_status 403 if { var(txn.route) -m str "
                                  "h0r1 } !{ src 127.0.0.0/8 }\n";
        QTest::newRow("basic auth") << false
                                    << "http-request auth realm 'Private' if { var(txn.route) -m "
                                       "str h0r3 } !{ http_auth(ul_1) }\n";
        QTest::newRow("users inlined")
            << false
            << "userlist ul_1\n    user alice password '$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiN"
               "uHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1'\n    user bob "
               "password '$2y$04$iqBH3T8D1Pj/OK/8Rz8WWekPX0HUTmPx4.0opPrnzge.82NsAyrBi'\n";
        // 1 per minute with 2 more at once: 3 per 3 minutes, counted when let through.
        QTest::newRow("rate table")
            << false
            << "backend st_rate_h0r4\n    stick-table type ipv6 size 100k expire 180000ms store "
               "gpc0_rate(180000ms)\n";
        QTest::newRow("rate rules")
            << false
            << "    http-request track-sc0 src table st_rate_h0r4 if { var(txn.route) -m str h0r4 "
               "}\n"
               "    http-request deny deny_status 429 if { var(txn.route) -m str h0r4 } "
               "{ sc_gpc0_rate(0) ge 3 }\n"
               "    http-request sc-inc-gpc0(0) if { var(txn.route) -m str h0r4 }\n";
        QTest::newRow("host policy") << false
                                     << "deny_status 403 if { var(txn.route) -m str h1r0 } !{ src "
                                        "10.0.0.0/8 }";
        QTest::newRow("route lifts it") << false
                                        << "deny_status 403 if { var(txn.route) -m str h1r1 } !{ "
                                           "src 0.0.0.0/0 ::/0 }";
        QTest::newRow("trusted proxies")
            << true
            << "    http-request set-src hdr_ip(x-forwarded-for,-1) if { src 10.0.0.0/8 "
               "192.168.1.1/32 } { hdr_cnt(x-forwarded-for) ge 1 }\n";
        QTest::newRow("five hops") << true << "hdr_ip(x-forwarded-for,-5)";
        QTest::newRow("connection limit")
            << true
            << "    http-request track-sc1 src table st_conn_h2 if { var(txn.route) -m str h2r1 }\n"
               "    http-request deny deny_status 429 if { var(txn.route) -m str h2r1 } "
               "{ sc_conn_cur(1) gt 5 }\n";
        QTest::newRow("connection table")
            << true
            << "backend st_conn_h2\n    stick-table type ipv6 size 100k expire 60s store "
               "conn_cur\n";
        QTest::newRow("header key")
            << true
            << "    http-request track-sc0 req.fhdr(X-Api-Key) table st_rate_h2 if { "
               "var(txn.route) "
               "-m str h2r1 } { req.fhdr(X-Api-Key) -m found }\n"
               "    http-request track-sc0 src table st_rate_h2 if { var(txn.route) -m str h2r1 } "
               "!{ req.fhdr(X-Api-Key) -m found }\n";
        QTest::newRow("header table") << true
                                      << "backend st_rate_h2\n    stick-table type string len 128 "
                                         "size 100k expire 2100ms store gpc0_rate(2100ms)\n";
        QTest::newRow("a route's own limit") << true
                                             << "{ var(txn.route) -m str h2r2 } "
                                                "{ sc_gpc0_rate(0) ge 1 }";
        QTest::newRow("before a direct response")
            << true
            << "!{ src 10.0.0.0/8 }\n    http-request return status 200 content-type "
               "\"text/plain; charset=utf-8\" string \"ok\" if { var(txn.route) -m str h2r3 }";
        QTest::newRow("narrowed route")
            << true << "if { var(txn.route) -m str h2r5 } { src 2001:db8::/32 }";
    }
    void policyRules() {
        QFETCH(bool, features);
        QFETCH(QString, expected);
        verifyMainTextContains(HAProxyExporter().exportTopology(
                                   features ? policyFeatures() : policies(), withSecrets()),
                               expected);
    }

    // CORS: the allowed origin kept in a variable, the preflight answered by `http-request
    // return` before the checks; the fields of every answer (HAProxy's own too) set by
    // http-after-response, HSTS in the TLS frontend only.
    void browserRules_data() {
        QTest::addColumn<QString>("expected");
        QTest::newRow("allowed origin")
            << R"(    http-request set-var(txn.cors_origin) req.hdr(origin) if { var(txn.route) -m str h0r3 } { req.hdr(origin) -m reg -i '^(?:https://app\.example\.com|https://.+\.example\.org)$' })"
               "\n";
        QTest::newRow("preflight")
            << "    http-request set-var(txn.cors_preflight) bool(true) if { var(txn.route) -m str "
               "h0r2 } { var(txn.cors_origin) -m found } { method OPTIONS } "
               "{ req.hdr(access-control-request-method) -m found }\n"
               "    http-request return status 204 hdr Access-Control-Allow-Methods 'GET, POST' "
               "hdr Access-Control-Allow-Headers 'DNT, Keep-Alive, User-Agent, X-Requested-With, "
               "If-Modified-Since, Cache-Control, Content-Type, Range, Authorization' "
               "hdr Access-Control-Max-Age '600' if { var(txn.route) -m str h0r2 } "
               "{ var(txn.cors_preflight) -m bool }\n";
        QTest::newRow("before the deny list")
            << "{ var(txn.cors_preflight) -m bool }\n    http-request deny deny_status 403 if "
               "{ var(txn.route) -m str h0r2 } { src 127.0.0.1/32 }\n";
        QTest::newRow("origin echoed")
            << "    http-after-response set-header Access-Control-Allow-Origin "
               "%[var(txn.cors_origin)] if { var(txn.route) -m str h0r3 } "
               "{ var(txn.cors_origin) -m found }\n"
               "    http-after-response set-header Access-Control-Allow-Credentials true if "
               "{ var(txn.route) -m str h0r3 } { var(txn.cors_origin) -m found }\n";
        QTest::newRow("exposed, not on preflights")
            << "    http-after-response set-header Access-Control-Expose-Headers 'X-Request-Id' if "
               "{ var(txn.route) -m str h0r3 } { var(txn.cors_origin) -m found } "
               "!{ var(txn.cors_preflight) -m bool }\n";
        QTest::newRow("vary added") << "    http-after-response add-header Vary Origin if "
                                       "{ var(txn.route) -m str h0r3 } "
                                       "{ var(txn.cors_origin) -m found }\n";
        QTest::newRow("any origin")
            << "    http-after-response set-header Access-Control-Allow-Origin '*' if "
               "{ var(txn.route) -m str h0r0 } { var(txn.cors_origin) -m found }\n";
        QTest::newRow("security headers")
            << "    http-after-response set-header X-Content-Type-Options 'nosniff' if "
               "{ var(txn.route) -m str h0r3 }\n"
               "    http-after-response set-header Referrer-Policy "
               "'strict-origin-when-cross-origin' if { var(txn.route) -m str h0r3 }\n"
               "    http-after-response set-header X-Frame-Options 'SAMEORIGIN' if "
               "{ var(txn.route) -m str h0r3 }\n";
        QTest::newRow("HSTS on TLS")
            << "    http-after-response set-header Strict-Transport-Security "
               "'max-age=31536000; includeSubDomains' if { var(txn.route) -m str h1r0 }\n";
    }
    void browserRules() {
        QFETCH(QString, expected);
        const ExportResult result = HAProxyExporter().exportTopology(
            browserTopology(18086, {19001, 19002}, QStringLiteral(INGRESS_TEST_DATA), 18443),
            withSecrets());
        verifyMainTextContains(result, expected);
        // The HTTP frontend sends none; a route without origins has no CORS rules.
        QCOMPARE(result.mainText.count("Strict-Transport-Security"), 1);
        QVERIFY(!result.mainText.contains("-m str h0r1 } { req.hdr(origin)"));
    }

    // HAProxy would need a Lua or SPOE agent: reported where it is written, once per host.
    void externalAuthReported() {
        const ExportResult result =
            HAProxyExporter().exportTopology(externalAuthTopology(18088, 19001, 19002), {});
        const QString message = QStringLiteral("HAProxy cannot express external auth without a "
                                               "Lua or SPOE agent");
        QVERIFY(hasWarning(result, QStringLiteral("host auth.test: ") + message));
        QVERIFY(hasWarning(result,
                           QStringLiteral("host auth.test, route #2 (Prefix /api): ") + message));
        qsizetype reports = 0;
        for (const ExportWarning &warning : result.warnings)
            reports += warning.toString().contains(message);
        QCOMPARE(reports, 2);
        // Refused, never let through unchecked.
        QVERIFY2(result.mainText.contains("    http-request deny deny_status 500 if "),
                 qPrintable(result.mainText));
    }

    void policyReports() {
        const ExportResult plain = HAProxyExporter().exportTopology(policies(), withSecrets());
        QVERIFY2(plain.warnings.isEmpty(), qPrintable(plain.warnings.value(0).toString()));
        QVERIFY(plain.mainTextHasSecrets);
        const ExportResult result =
            HAProxyExporter().exportTopology(policyFeatures(), withSecrets());
        for (const char *user : {"carol", "dave"})
            QVERIFY2(hasWarning(result, QStringLiteral("host limits.test, route #5 (Prefix /old): "
                                                       "HAProxy checks passwords with the "
                                                       "system's crypt(3)")) &&
                         hasWarning(result, QStringLiteral("user '%1' is left out").arg(user)),
                     user);
        QVERIFY(!hasWarning(result, QStringLiteral("user 'bob'")));
        const QString text = QString::fromUtf8(result.mainText);
        QVERIFY(!text.contains(QStringLiteral("carol")));

        // Hashes are key material: without --include-secrets the userlist stays empty.
        const ExportResult withoutSecrets = HAProxyExporter().exportTopology(policies(), {});
        QVERIFY(!withoutSecrets.mainTextHasSecrets);
        QVERIFY(!withoutSecrets.mainText.contains("alice"));
        QVERIFY(hasWarning(withoutSecrets,
                           QStringLiteral("host policy.test, route #4 (Prefix /private): HAProxy "
                                          "needs the password hashes")));
    }

    // HAProxy inserts the engine's own cookie: same name, attributes and per-endpoint tokens.
    void stickySession_data() {
        QTest::addColumn<QString>("expected");
        const Topology topology = stickyTopology(18087, {19001, 19002, 19003});
        const RoutingTablePtr table = RoutingTable::compile(topology);
        auto token = [&](int service, int endpoint) {
            return QString::fromStdString(table->services()[std::size_t(service)]
                                              .endpoints[std::size_t(endpoint)]
                                              .stickyToken);
        };
        QTest::newRow("cookie with max-age")
            << "    cookie shop_route insert indirect httponly attr \"Max-Age=3600\"\n"
               "    option redispatch\n";
        QTest::newRow("session cookie")
            << "    cookie cart-id insert indirect httponly\n    option redispatch\n";
        for (int e = 0; e < 3; ++e)
            QTest::addRow("app endpoint %d", e)
                << QStringLiteral("    server e%1 127.0.0.1:%2 weight 1 cookie %3\n")
                       .arg(e)
                       .arg(19001 + e)
                       .arg(token(0, e));
        QTest::newRow("cart endpoint")
            << QStringLiteral("    server e1 127.0.0.1:19002 weight 1 cookie %1\n")
                   .arg(token(1, 1));
        QTest::newRow("not sticky") << "backend bk_web\n    balance roundrobin\n    server e0 "
                                       "127.0.0.1:19001 weight 1\n";
    }
    void stickySession() {
        QFETCH(QString, expected);
        const ExportResult result =
            HAProxyExporter().exportTopology(stickyTopology(18087, {19001, 19002, 19003}), {});
        verifyMainTextContains(result, expected);
        QVERIFY(hasWarning(result, QStringLiteral("service app: HAProxy does not pass the sticky "
                                                  "cookie on")));
    }
};

INGRESS_PEER_TEST_MAIN(TestHAProxyExporter)
#include "tst_haproxyexporter.moc"
