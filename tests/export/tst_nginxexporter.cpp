#include "export/nginxexporter.h"
#include "tests/export/authtopology.h"
#include "tests/export/exporttesthelpers.h"
#include "tests/export/testtopologies.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::testing;

namespace {

// `nginx -t` reads the whole configuration, certificates included, as a start would.
ToolRun nginxTest(const QString &nginx, const QTemporaryDir &dir) {
    return runTool(nginx, {QStringLiteral("-t"), QStringLiteral("-c"),
                           dir.filePath(QStringLiteral("nginx.conf")), QStringLiteral("-p"),
                           dir.path() + u'/', QStringLiteral("-e"), QStringLiteral("stderr")});
}

} // namespace

class TestNginxExporter : public QObject {
    Q_OBJECT
    QTemporaryDir m_files; // htpasswd files of the policy topologies
    PolicyFiles m_htpasswd;

    Topology policies() const { return policyTopology(18085, {19001, 19002}, m_htpasswd.users); }
    Topology policyFeatures() const {
        return policyFeaturesTopology(18085, {19001, 19002}, m_htpasswd.users, m_htpasswd.mixed);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_files.isValid());
        m_htpasswd = writePolicyFiles(m_files.path());
        QVERIFY(!m_htpasswd.users.isEmpty());
    }

    void acceptedByNginx_data() {
        QTest::addColumn<Topology>("topology");
        const QString data = QStringLiteral(INGRESS_TEST_DATA);
        QTest::newRow("shop") << shopTopology(18080, {19001, 19002, 19003, 19004});
        QTest::newRow("shop with TLS")
            << shopTopology(18080, {19001, 19002, 19003, 19004}, data, 18443);
        QTest::newRow("default service only") << defaultOnlyTopology(18081, 19001);
        QTest::newRow("trailing slashes") << trailingSlashTopology(18083, {19001, 19002, 19003});
        QTest::newRow("split") << splitTopology(18083, {19001, 19002});
        QTest::newRow("features") << featuresTopology(18084, {19001, 19002, 19003, 19004});
        QTest::newRow("sticky sessions") << stickyTopology(18087, {19001, 19002, 19003});
        QTest::newRow("empty") << Topology{};
        QTest::newRow("policies") << policies();
        QTest::newRow("policy features") << policyFeatures();
        QTest::newRow("cors and security headers") << browserTopology(18086, {19001, 19002});
        QTest::newRow("cors and security headers with TLS")
            << browserTopology(18086, {19001, 19002}, data, 18443);
        QTest::newRow("external auth") << externalAuthTopology(18088, 19001, 19002);
    }
    void acceptedByNginx() {
        QFETCH(Topology, topology);
        INGRESS_REQUIRE_TOOL(nginx, "nginx");
        ExportOptions options;
        options.includeSecrets = true;
        const ExportResult result = NginxExporter().exportTopology(topology, options);
        QTemporaryDir dir;
        QVERIFY(writeExport(result, dir.path()));
        const ToolRun run = nginxTest(nginx, dir);
        if (run.exitCode != 0)
            qWarning().noquote() << QString::fromUtf8(result.mainText);
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    }

    // A location named "/foo/" makes nginx answer "/foo" with its own 301; each gets an exact
    // "/foo" location that does what the engine does (here: the default service, web).
    void trailingSlashHasItsOwnExactLocation_data() {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("location");
        QTest::newRow("Exact /foo/ alone") << "slash.test"
                                           << "location = \"/foo\" {\n            proxy_pass "
                                              "http://svc_web;";
        QTest::newRow("Exact /foo/ itself") << "slash.test"
                                            << "location = \"/foo/\" {\n            proxy_pass "
                                               "http://svc_api;";
        QTest::newRow("Prefix /bar/") << "mixed.test"
                                      << "location = \"/bar\" {\n            proxy_pass "
                                         "http://svc_api;";
        QTest::newRow("Exact /x/y/ under Prefix /x")
            << "mixed.test"
            << "location = \"/x/y\" {\n            proxy_pass http://svc_api;";
    }
    void trailingSlashHasItsOwnExactLocation() {
        QFETCH(QString, host);
        QFETCH(QString, location);
        const QString text = QString::fromUtf8(
            NginxExporter()
                .exportTopology(trailingSlashTopology(18083, {19001, 19002, 19003}), {})
                .mainText);
        const qsizetype server = text.indexOf(QStringLiteral("server_name \"%1\"").arg(host));
        QVERIFY(server >= 0);
        const qsizetype end = text.indexOf(QStringLiteral("\n    }\n"), server);
        QVERIFY2(text.mid(server, end - server).contains(location), qPrintable(text));
    }

    void brokenConfigurationIsRejected() {
        // The check above must be able to fail: a bad directive in the same setting.
        INGRESS_REQUIRE_TOOL(nginx, "nginx");
        ExportResult result = NginxExporter().exportTopology(defaultOnlyTopology(18082, 19001), {});
        result.mainText.replace("worker_processes 1;", "worker_processes one;");
        QTemporaryDir dir;
        QVERIFY(writeExport(result, dir.path()));
        const ToolRun run = nginxTest(nginx, dir);
        QVERIFY(run.exitCode != 0);
    }

    void content_data() {
        QTest::addColumn<QString>("expected");
        QTest::newRow("wildcard covers one label") << R"(server_name "~^[^.]+\\.example\\.com$";)";
        QTest::newRow("exact location for prefix") << R"(location = "/api" {)";
        QTest::newRow("element-wise prefix") << R"(location "/api/" {)";
        QTest::newRow("least_conn") << "least_conn;";
        QTest::newRow("ip_hash") << "ip_hash;";
        QTest::newRow("random") << "random;";
        QTest::newRow("weight") << "weight=3";
        QTest::newRow("websocket") << "proxy_set_header Upgrade $http_upgrade;";
        QTest::newRow("x-forwarded-for")
            << "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;";
        QTest::newRow("rewrite") << R"(rewrite "^/api/v1(/.*)$" "/v2$1" break;)";
        QTest::newRow("method map") << R"("~^(POST)$" 1;)";
        QTest::newRow("header map") << "map $http_x_admin";
        QTest::newRow("default server falls back") << "default_server;";
    }
    void content() {
        QFETCH(QString, expected);
        const ExportResult result =
            NginxExporter().exportTopology(shopTopology(18080, {19001, 19002, 19003, 19004}), {});
        verifyMainTextContains(result, expected);
    }

    void warnings() {
        const QString data = QStringLiteral(INGRESS_TEST_DATA);
        const ExportResult result = NginxExporter().exportTopology(
            shopTopology(18080, {19001, 19002, 19003, 19004}, data, 18443), {});
        QVERIFY(hasWarning(result, QStringLiteral("no active health checks")));
        QVERIFY(hasWarning(result, QStringLiteral("--include-secrets")));
        QVERIFY(!result.files.contains(QStringLiteral("certs/example.key")));
        QVERIFY(result.files.contains(QStringLiteral("certs/example.crt")));
    }

    void trafficSplit_data() {
        QTest::addColumn<QString>("expected");
        // Percentages of the random $request_id; the last backend takes the rest.
        QTest::newRow("hash of the request id")
            << "split_clients \"${request_id}\" $ingress_split_";
        QTest::newRow("90/10") << "        90.00% svc_web;\n        * svc_canary;\n    }";
        QTest::newRow("proxy_pass by variable") << "proxy_pass http://$ingress_split_";
        QTest::newRow("narrowed by method, in an if")
            << "        25.00% svc_web;\n        * svc_canary;";
        QTest::newRow("drained backend left out") << "proxy_pass http://svc_canary;";
        QTest::newRow("sends nowhere") << "return 503;";
        QTest::newRow("thirds without the empty service")
            << "        50.00% svc_web;\n        * svc_canary;";
    }
    void trafficSplit() {
        QFETCH(QString, expected);
        const ExportResult result =
            NginxExporter().exportTopology(splitTopology(18083, {1, 2}), {});
        verifyMainTextContains(result, expected);
        QVERIFY(hasWarning(result, QStringLiteral("service 'empty' has no endpoints")));
    }

    // Policies become location directives in nginx's own phase order (limits, then
    // allow/deny, then auth_basic); trusted proxies become real_ip per server.
    void policyDirectives_data() {
        QTest::addColumn<bool>("features");
        QTest::addColumn<QString>("expected");
        QTest::newRow("deny") << false
                              << "location \"/denied/\" {\n            deny 127.0.0.1/32;\n";
        QTest::newRow("allow, then deny the rest")
            << false << "            allow 127.0.0.0/8;\n            deny all;\n";
        QTest::newRow("basic auth") << false << "            auth_basic \"Private\";\n";
        QTest::newRow("rate zone")
            << false
            << "    limit_req_zone $binary_remote_addr zone=ingress_rate_h0r4:10m rate=1r/m;\n";
        QTest::newRow("rate limit")
            << false << "            limit_req zone=ingress_rate_h0r4 burst=2 nodelay;\n";
        QTest::newRow("429 for limits")
            << false << "    limit_req_status 429;\n    limit_conn_status 429;\n";
        QTest::newRow("host policy")
            << false << "location \"/closed/\" {\n            allow 10.0.0.0/8;\n";
        QTest::newRow("route lifts it")
            << false
            << "location \"/open/\" {\n            allow 0.0.0.0/0;\n            allow ::/0;\n";
        QTest::newRow("trusted proxies")
            << true
            << "        set_real_ip_from 10.0.0.0/8;\n        set_real_ip_from 192.168.1.1/32;\n"
               "        real_ip_header X-Forwarded-For;\n        real_ip_recursive on;\n";
        QTest::newRow("header key")
            << true
            << "    map $http_x_api_key $ingress_rate_key_h2 {\n        \"\" $binary_remote_addr;\n"
               "        default $http_x_api_key;\n    }\n";
        QTest::newRow("host rate zone")
            << true << "limit_req_zone $ingress_rate_key_h2 zone=ingress_rate_h2:10m rate=10r/s;";
        QTest::newRow("shared by the host's routes")
            << true
            << "location \"/b/\" {\n            limit_conn ingress_conn_h2 5;\n"
               "            limit_req zone=ingress_rate_h2 burst=20 nodelay;\n";
        QTest::newRow("connection zone")
            << true << "limit_conn_zone $binary_remote_addr zone=ingress_conn_h2:10m;";
        QTest::newRow("a route's own limit")
            << true
            << "location \"/c/\" {\n            limit_conn ingress_conn_h2 5;\n"
               "            limit_req zone=ingress_rate_h2r2 nodelay;\n";
        QTest::newRow("answer after the checks")
            << true
            << "            allow 10.0.0.0/8;\n            deny all;\n"
               "            try_files /.ingress-policy-passed @ingress_answer_";
        QTest::newRow("the answer") << true << "        location @ingress_answer_";
    }
    void policyDirectives() {
        QFETCH(bool, features);
        QFETCH(QString, expected);
        verifyMainTextContains(
            NginxExporter().exportTopology(features ? policyFeatures() : policies(), {}), expected);
    }

    // CORS: maps pick the allowed origin, an `if` answers preflights in the rewrite phase (before
    // the checks), and add_header sets the fields (proxy_hide_header drops the backend's).
    void browserDirectives_data() {
        QTest::addColumn<bool>("tls");
        QTest::addColumn<QString>("expected");
        QTest::newRow("origin map")
            << false
            << "    map $http_origin $ingress_cors_origin_h0 {\n        default \"\";\n        "
               "\"~*^(?:https://app\\\\.example\\\\.com|https://.+\\\\.example\\\\.org)$\" "
               "$http_origin;";
        QTest::newRow("any origin without credentials") << false << R"("~*^.+$" "*";)";
        QTest::newRow("preflight map")
            << false
            << "    map \"$request_method:$http_access_control_request_method:"
               "$ingress_cors_origin_h0\" $ingress_cors_preflight_h0 {\n        default 0;\n"
               "        \"~^OPTIONS:[^:]+:.+$\" 1;\n    }\n";
        QTest::newRow("backend's field for other origins")
            << false
            << "    map $ingress_cors_origin_h0 $ingress_cors_acao_h0 {\n        \"\" "
               "$upstream_http_access_control_allow_origin;\n        default "
               "$ingress_cors_origin_h0;\n    }\n";
        QTest::newRow("preflight before the deny list")
            << false
            << "location \"/closed/\" {\n            if ($ingress_cors_preflight_h0) {\n"
               "                add_header Access-Control-Allow-Origin $ingress_cors_origin_h0 "
               "always;\n"
               "                add_header Access-Control-Allow-Methods \"GET, POST\" always;\n";
        QTest::newRow("preflight answer")
            << false
            << "                add_header Access-Control-Max-Age \"600\" always;\n"
               "                add_header Access-Control-Allow-Credentials true always;\n"
               "                add_header Vary Origin always;\n"
               "                add_header X-Content-Type-Options \"nosniff\" always;\n";
        QTest::newRow("204") << false << "                return 204;\n            }\n";
        QTest::newRow("fields replace the backend's")
            << false
            << "            proxy_hide_header Access-Control-Allow-Origin;\n"
               "            add_header Access-Control-Allow-Origin $ingress_cors_acao_h0 always;\n"
               "            proxy_hide_header Access-Control-Allow-Credentials;\n";
        QTest::newRow("vary added") << false << "add_header Vary $ingress_cors_vary_h0 always;\n";
        QTest::newRow("then the check") << false
                                        << "add_header Referrer-Policy "
                                           "\"strict-origin-when-cross-origin\" always;\n"
                                           "            proxy_hide_header X-Frame-Options;\n"
                                           "            add_header X-Frame-Options \"SAMEORIGIN\" "
                                           "always;\n            deny 127.0.0.1/32;\n";
        QTest::newRow("HSTS on TLS")
            << true
            << "            proxy_hide_header Strict-Transport-Security;\n            add_header "
               "Strict-Transport-Security \"max-age=31536000; includeSubDomains\" always;\n";
    }
    void browserDirectives() {
        QFETCH(bool, tls);
        QFETCH(QString, expected);
        const Topology topology =
            tls ? browserTopology(18086, {19001, 19002}, QStringLiteral(INGRESS_TEST_DATA), 18443)
                : browserTopology(18086, {19001, 19002});
        verifyMainTextContains(NginxExporter().exportTopology(topology, {}), expected);
    }

    void browserReports() {
        const ExportResult result =
            NginxExporter().exportTopology(browserTopology(18086, {19001, 19002}), {});
        QVERIFY2(result.warnings.isEmpty(), qPrintable(result.warnings.value(0).toString()));
        // The HTTP listener's server never sends HSTS; a route without origins, no CORS.
        QVERIFY(!result.mainText.contains("Strict-Transport-Security"));
        QVERIFY(!result.mainText.contains("ingress_cors_origin_h0r1"));
    }

    void policyReports() {
        const ExportResult plain = NginxExporter().exportTopology(policies(), {});
        QVERIFY2(plain.warnings.isEmpty(), qPrintable(plain.warnings.value(0).toString()));
        const ExportResult result = NginxExporter().exportTopology(policyFeatures(), {});
        // POST /a differs from /a by its access list: one location cannot hold both.
        QVERIFY(hasWarning(result, QStringLiteral("host limits.test, route #6 (Prefix /a): nginx "
                                                  "checks a policy per location")));
        QVERIFY(hasWarning(result, QStringLiteral("host limits.test, route #1 (Prefix /a): nginx "
                                                  "checks a policy per location")));
        QVERIFY(!hasWarning(result, QStringLiteral("route #2 (Prefix /b)")));
    }

    // External auth: auth_request to an internal location of the server (one per service and
    // path), the answer's fields through auth_request_set variables, a 401 to the sign-in page.
    void externalAuthDirectives_data() {
        QTest::addColumn<QString>("expected");
        QTest::newRow("asked in the location")
            << "        location = \"/app\" {\n            auth_request /_auth_1;\n"
               "            auth_request_set $auth_1_0 $upstream_http_x_auth_user;\n"
               "            error_page 401 = @signin_1;\n";
        QTest::newRow("field set from the answer")
            << "            proxy_set_header Connection $connection_upgrade;\n"
               "            proxy_set_header X-Auth-User $auth_1_0;\n"
               "            proxy_pass http://svc_app;\n";
        QTest::newRow("a route's own")
            << "        location = \"/api\" {\n            auth_request /_auth_2;\n"
               "            auth_request_set $auth_2_0 $upstream_http_x_auth_user;\n"
               "            auth_request_set $auth_2_1 $upstream_http_x_auth_email;\n"
               "            proxy_set_header Host $http_host;\n";
        QTest::newRow("internal location")
            << "        location = /_auth_1 {\n            internal;\n"
               "            proxy_pass \"http://svc_auth/check\";\n"
               "            proxy_method GET;\n            proxy_pass_request_body off;\n"
               "            proxy_set_header Content-Length \"\";\n"
               "            proxy_set_header Host $http_host;\n";
        QTest::newRow("where the request was going")
            << "            proxy_set_header X-Forwarded-Method $request_method;\n"
               "            proxy_set_header X-Forwarded-Uri $request_uri;\n"
               "            proxy_set_header X-Original-URL $scheme://$http_host$request_uri;\n"
               "            proxy_set_header X-Original-Method $request_method;\n        }\n";
        QTest::newRow("path with a query")
            << "            proxy_pass \"http://svc_auth/verify?scope=api\";\n";
        QTest::newRow("sign-in page")
            << "        location @signin_1 {\n            return 302 "
               "\"https://login.example.com/start?rd=$scheme://$http_host$request_uri\";\n"
               "        }\n";
        // `if` blocks inherit the location's proxy_set_header: the fields are set there.
        QTest::newRow("location with if blocks")
            << "        location \"/app/admin/\" {\n            auth_request /_auth_1;\n"
               "            auth_request_set $auth_1_0 $upstream_http_x_auth_user;\n"
               "            error_page 401 = @signin_1;\n"
               "            proxy_set_header Host $http_host;\n"
               "            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
               "            proxy_set_header X-Forwarded-Proto $scheme;\n"
               "            proxy_set_header X-Forwarded-Host $host;\n"
               "            proxy_set_header Upgrade $http_upgrade;\n"
               "            proxy_set_header Connection $connection_upgrade;\n"
               "            proxy_set_header X-Auth-User $auth_1_0;\n            if (";
        // The engine answers a redirect without asking.
        QTest::newRow("redirect without the check")
            << "        location = \"/old\" {\n            return 302 ";
    }
    void externalAuthDirectives() {
        QFETCH(QString, expected);
        verifyMainTextContains(
            NginxExporter().exportTopology(externalAuthTopology(18088, 19001, 19002), {}),
            expected);
    }
    void externalAuthShared() {
        const ExportResult result =
            NginxExporter().exportTopology(externalAuthTopology(18088, 19001, 19002), {});
        // Seven locations of auth.test ask (not the redirect's two); two internal locations and
        // one sign-in page serve them, and open.test asks nothing.
        QCOMPARE(result.mainText.count("auth_request /_auth_"), 7);
        QCOMPARE(result.mainText.count("location = /_auth_"), 2);
        QCOMPARE(result.mainText.count("location @signin_"), 1);
        QVERIFY(hasWarning(result, QStringLiteral("host auth.test: nginx answers a 401 or 403 of "
                                                  "the auth service with its own page")));
        QVERIFY(hasWarning(result, QStringLiteral("host auth.test: nginx cannot percent-encode "
                                                  "the URL given to the sign-in page")));
        QVERIFY(hasWarning(result, QStringLiteral("host auth.test, route #2 (Prefix /api): nginx "
                                                  "answers a 401 or 403")));
    }

    // nginx open source cannot set a cookie per server: the upstream hashes the cookie (a random
    // key without it), replacing the balancing method, and the export says what differs.
    void stickySession_data() {
        QTest::addColumn<QString>("expected");
        QTest::newRow("cookie variable")
            << "    map $cookie_shop_route $sticky_svc_app {\n        \"\" $request_id;\n"
               "        default $cookie_shop_route;\n    }\n";
        QTest::newRow("hash")
            << "    upstream svc_app {\n        hash $sticky_svc_app consistent;\n";
        QTest::newRow("name that is no variable name")
            << "    map $http_cookie $sticky_svc_cart {\n"
               "        \"~(?:^|;)\\s*cart\\-id=(?<sticky_svc_cart_value>[^;]*)\" "
               "$sticky_svc_cart_value;\n        default $request_id;\n";
        QTest::newRow("hash replaces least_conn")
            << "    upstream svc_cart {\n        hash $sticky_svc_cart consistent;\n        server";
    }
    void stickySession() {
        QFETCH(QString, expected);
        const ExportResult result =
            NginxExporter().exportTopology(stickyTopology(18087, {19001, 19002, 19003}), {});
        verifyMainTextContains(result, expected);
        QVERIFY(!result.mainText.contains("least_conn"));
        QVERIFY(hasWarning(result, QStringLiteral("service app: nginx open source has no sticky "
                                                  "cookie")));
        QVERIFY(hasWarning(result, QStringLiteral("is replaced by the hash")));
        QVERIFY(!hasWarning(result, QStringLiteral("service web:")));
    }
};

INGRESS_PEER_TEST_MAIN(TestNginxExporter)
#include "tst_nginxexporter.moc"
