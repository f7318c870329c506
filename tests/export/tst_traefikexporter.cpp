#include "export/traefikexporter.h"
#include "model/routing/routingtable.h"
#include "tests/export/authtopology.h"
#include "tests/export/exporttesthelpers.h"
#include "tests/export/testtopologies.h"

#include <QTemporaryDir>
#include <QTest>
#include <yaml-cpp/yaml.h>

using namespace ingress;
using namespace ingress::testing;

namespace {
// Traefik is not in Debian: the export is checked as YAML with the structure Traefik reads.
YAML::Node exported(const Topology &topology, ExportResult *result = nullptr) {
    const ExportResult r = TraefikExporter().exportTopology(topology, {});
    if (result)
        *result = r;
    return YAML::Load(r.mainText.toStdString());
}
} // namespace

class TestTraefikExporter : public QObject {
    Q_OBJECT
    QTemporaryDir m_files; // htpasswd files of the policy topologies
    PolicyFiles m_htpasswd;

    Topology policies() const { return policyTopology(18085, {19001, 19002}, m_htpasswd.users); }
    Topology policyFeatures() const {
        return policyFeaturesTopology(18085, {19001, 19002}, m_htpasswd.users, m_htpasswd.mixed);
    }
    static QStringList strings(const YAML::Node &sequence) {
        QStringList list;
        for (const auto &item : sequence)
            list << QString::fromStdString(item.as<std::string>());
        return list;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_files.isValid());
        m_htpasswd = writePolicyFiles(m_files.path());
        QVERIFY(!m_htpasswd.users.isEmpty());
    }

    void parsesWithStructure_data() {
        QTest::addColumn<Topology>("topology");
        QTest::newRow("shop") << shopTopology(18080, {19001, 19002, 19003, 19004});
        QTest::newRow("shop with TLS") << shopTopology(18080, {19001, 19002, 19003, 19004},
                                                       QStringLiteral(INGRESS_TEST_DATA), 18443);
        QTest::newRow("redirects") << redirectTopology(18082, {19001, 19002});
        QTest::newRow("default service only") << defaultOnlyTopology(18081, 19001);
        QTest::newRow("trailing slashes") << trailingSlashTopology(18083, {19001, 19002, 19003});
        QTest::newRow("split") << splitTopology(18083, {19001, 19002});
        QTest::newRow("features") << featuresTopology(18084, {19001, 19002, 19003, 19004});
        QTest::newRow("sticky sessions") << stickyTopology(18087, {19001, 19002, 19003});
        QTest::newRow("policies") << policies();
        QTest::newRow("policy features") << policyFeatures();
        QTest::newRow("cors and security headers")
            << browserTopology(18086, {19001, 19002}, QStringLiteral(INGRESS_TEST_DATA), 18443);
        QTest::newRow("external auth") << externalAuthTopology(18088, 19001, 19002);
    }
    void parsesWithStructure() {
        QFETCH(Topology, topology);
        const YAML::Node root = exported(topology);
        const YAML::Node routers = root["http"]["routers"];
        QVERIFY(routers.IsMap());
        QVERIFY(routers.size() > 0);
        for (const auto &entry : routers) {
            const YAML::Node router = entry.second;
            QVERIFY(router["rule"].IsScalar());
            QVERIFY(router["priority"].as<int>() > 0);
            QVERIFY(router["entryPoints"].IsSequence());
            const std::string service = router["service"].as<std::string>();
            QVERIFY2(service == "noop@internal" || root["http"]["services"][service].IsMap(),
                     service.c_str());
            for (const auto &middleware : router["middlewares"])
                QVERIFY(root["http"]["middlewares"][middleware.as<std::string>()].IsMap());
        }
        // A load balancer, or a traffic split's weighted service over load balancers.
        for (const auto &entry : root["http"]["services"]) {
            // A mirroring service over a service of the file and mirrors that are.
            if (const YAML::Node mirroring = entry.second["mirroring"]) {
                QVERIFY(root["http"]["services"][mirroring["service"].as<std::string>()].IsMap());
                for (const auto &mirror : mirroring["mirrors"]) {
                    QVERIFY(root["http"]["services"][mirror["name"].as<std::string>()].IsMap());
                    QVERIFY(mirror["percent"].as<int>() > 0);
                }
                continue;
            }
            if (const YAML::Node weighted = entry.second["weighted"]) {
                for (const auto &part : weighted["services"])
                    QVERIFY(root["http"]["services"][part["name"].as<std::string>()]["loadBalancer"]
                                .IsMap());
                continue;
            }
            QVERIFY(entry.second["loadBalancer"]["servers"].IsSequence());
        }
    }

    // Each match of a route is a router of its own; the '*' host's routers have no Host() and
    // rank below every named host's; filters become middlewares and a mirroring service.
    void routingFeatures_data() {
        QTest::addColumn<QString>("router");
        QTest::addColumn<QString>("expected");
        QTest::newRow("first match") << "http-h0-r0m0"
                                     << "Host(`multi.test`) && Path(`/a`)";
        QTest::newRow("second match with its query")
            << "http-h0-r0m1"
            << "Host(`multi.test`) && (Path(`/b`) || PathPrefix(`/b/`)) && Query(`v`, `1`)";
        QTest::newRow("header regex") << "http-h0-r1"
                                      << "HeaderRegexp(`x-ver`, `^(?:v[0-9]+)$`)";
        QTest::newRow("query regex") << "http-h0-r2"
                                     << "QueryRegexp(`id`, `^(?:[0-9]+)$`)";
        QTest::newRow("every host") << "http-h2-r0"
                                    << "(Path(`/any`) || PathPrefix(`/any/`))";
    }
    void routingFeatures() {
        QFETCH(QString, router);
        QFETCH(QString, expected);
        const YAML::Node root = exported(featuresTopology(18084, {19001, 19002, 19003, 19004}));
        const YAML::Node node = root["http"]["routers"][router.toStdString()];
        QVERIFY2(node.IsMap(), qPrintable(router));
        const QString rule = QString::fromStdString(node["rule"].as<std::string>());
        QVERIFY2(rule.contains(expected), qPrintable(rule));
        if (router == u"http-h2-r0") {
            QVERIFY(!rule.contains(QStringLiteral("Host(")));
            QVERIFY(node["priority"].as<int>() <
                    root["http"]["routers"]["http-h1-r0"]["priority"].as<int>());
            QVERIFY(node["priority"].as<int>() >
                    root["http"]["routers"]["http-h1-default"]["priority"].as<int>());
        }
    }
    void routingFilters() {
        const YAML::Node root = exported(featuresTopology(18084, {19001, 19002, 19003, 19004}));
        const YAML::Node headers = root["http"]["middlewares"]["http-h0-r3-headers"]["headers"];
        QCOMPARE(headers["customRequestHeaders"]["X-Set"].as<std::string>(), "one");
        QCOMPARE(headers["customRequestHeaders"]["X-Remove"].as<std::string>(), "");
        QCOMPARE(headers["customResponseHeaders"]["X-Resp"].as<std::string>(), "yes");
        QCOMPARE(
            root["http"]["middlewares"]["http-h0-r4-path"]["replacePath"]["path"].as<std::string>(),
            "/replaced");
        const YAML::Node mirroring = root["http"]["services"]["mirror-http-h0-r5"]["mirroring"];
        QCOMPARE(mirroring["mirrors"][0]["percent"].as<int>(), 50);
        QCOMPARE(root["http"]["routers"]["http-h0-r5"]["service"].as<std::string>(),
                 "mirror-http-h0-r5");
    }

    // An Exact "/foo/" is Path(`/foo/`): literal, no redirect of "/foo", which falls to the
    // catch-all routers (the default service), as in the engine.
    void exactTrailingSlashIsLiteral() {
        const YAML::Node root = exported(trailingSlashTopology(18083, {19001, 19002, 19003}));
        bool exact = false;
        for (const auto &entry : root["http"]["routers"]) {
            const std::string rule = entry.second["rule"].as<std::string>();
            if (rule.find("slash.test") == std::string::npos ||
                rule.find("Path(`/foo/`)") == std::string::npos)
                continue;
            exact = true;
            const std::string service = entry.second["service"].as<std::string>();
            QVERIFY2(service.find("api") != std::string::npos, service.c_str());
            QVERIFY(!entry.second["middlewares"]);
        }
        QVERIFY(exact);
    }

    // Priorities reproduce CompiledHost::precedence.
    void prioritiesFollowPrecedence() {
        const Topology topology = shopTopology(18080, {19001, 19002, 19003, 19004});
        const YAML::Node routers = exported(topology)["http"]["routers"];
        const RoutingTablePtr table = RoutingTable::compile(topology);
        for (const CompiledHost &host : table->hosts()) {
            int previous = INT_MAX;
            for (int i : host.precedence) {
                const std::string name =
                    QStringLiteral("http-h%1-r%2").arg(host.index).arg(i).toStdString();
                QVERIFY2(routers[name].IsMap(), name.c_str());
                const int priority = routers[name]["priority"].as<int>();
                QVERIFY(priority < previous);
                previous = priority;
            }
        }
    }

    void content_data() {
        QTest::addColumn<QString>("router");
        QTest::addColumn<QString>("rule");
        QTest::newRow("element-wise prefix")
            << "http-h0-r1"
            << "Host(`shop.example.com`) && (Path(`/api`) || PathPrefix(`/api/`))";
        QTest::newRow("method and header")
            << "http-h0-r2"
            << "Host(`shop.example.com`) && (Path(`/api/admin`) || PathPrefix(`/api/admin/`)) && "
               "Method(`POST`) && Header(`x-admin`, `yes`)";
        QTest::newRow("regex") << "http-h0-r5"
                               << "Host(`shop.example.com`) && PathRegexp(`^/img/[a-z]+\\.png$`)";
        QTest::newRow("one-label wildcard without the exact host")
            << "http-h1-r0"
            << "HostRegexp(`^[^.]+\\.example\\.com$`) && !Host(`shop.example.com`)";
    }
    void content() {
        QFETCH(QString, router);
        QFETCH(QString, rule);
        const YAML::Node routers =
            exported(shopTopology(18080, {19001, 19002, 19003, 19004}))["http"]["routers"];
        QCOMPARE(QString::fromStdString(routers[router.toStdString()]["rule"].as<std::string>()),
                 rule);
    }

    void middlewaresAndServices() {
        const YAML::Node http = exported(shopTopology(18080, {19001, 19002, 19003, 19004}))["http"];
        QCOMPARE(http["middlewares"]["http-h0-r3-rewrite"]["replacePathRegex"]["replacement"]
                     .as<std::string>(),
                 std::string("/v2${1}"));
        QVERIFY(
            http["middlewares"]["http-h0-r4-redirect"]["redirectRegex"]["permanent"].as<bool>());
        QCOMPARE(http["services"]["svc-fallback"]["loadBalancer"]["servers"][0]["weight"].as<int>(),
                 3);
        QCOMPARE(
            http["services"]["svc-api"]["loadBalancer"]["healthCheck"]["path"].as<std::string>(),
            std::string("/healthz"));
        QCOMPARE(http["routers"]["http-default"]["priority"].as<int>(), 1);
    }

    void warnings_data() {
        QTest::addColumn<QString>("expected");
        QTest::newRow("least connections") << "weighted round robin only";
        QTest::newRow("entry points") << "entry points are static configuration";
        QTest::newRow("thresholds") << "no healthy / unhealthy thresholds";
    }
    void warnings() {
        QFETCH(QString, expected);
        ExportResult result;
        exported(shopTopology(18080, {19001, 19002, 19003, 19004}), &result);
        QVERIFY(hasWarning(result, expected));
    }

    void trafficSplit() {
        ExportResult result;
        const YAML::Node http = exported(splitTopology(18083, {19001, 19002}), &result)["http"];
        const std::string name = http["routers"]["http-h0-r0"]["service"].as<std::string>();
        QCOMPARE(name, std::string("split-http-h0-r0"));
        const YAML::Node services = http["services"][name]["weighted"]["services"];
        QCOMPARE(services.size(), std::size_t(2));
        QCOMPARE(services[0]["name"].as<std::string>(), std::string("svc-web"));
        QCOMPARE(services[0]["weight"].as<int>(), 90);
        QCOMPARE(services[1]["name"].as<std::string>(), std::string("svc-canary"));
        QCOMPARE(services[1]["weight"].as<int>(), 10);
        // Drained backends are left out; a split that sends nowhere has no router.
        QCOMPARE(http["services"]["split-http-h0-r1"]["weighted"]["services"].size(),
                 std::size_t(1));
        QVERIFY(!http["routers"]["http-h0-r3"]);
        QVERIFY(hasWarning(result, QStringLiteral("the split sends nowhere")));
    }

    // Middlewares in the engine's order: inFlightReq, rateLimit, ipAllowList, basicAuth, then
    // what the route does.
    void policyMiddlewares() {
        ExportResult result;
        const YAML::Node http = exported(policyFeatures(), &result)["http"];
        const YAML::Node middlewares = http["middlewares"];
        QCOMPARE(strings(http["routers"]["http-h2-r4"]["middlewares"]),
                 QStringList({QStringLiteral("http-h2-r4-conn"), QStringLiteral("http-h2-r4-rate"),
                              QStringLiteral("http-h2-r4-auth"),
                              QStringLiteral("http-h2-r4-redirect")}));
        // A deny list alone: every address but the denied one, per family.
        const QStringList range =
            strings(middlewares["http-h0-r0-access"]["ipAllowList"]["sourceRange"]);
        QCOMPARE(range.size(), 33);
        for (const char *block : {"128.0.0.0/1", "0.0.0.0/2", "127.0.0.0/32", "::/0"})
            QVERIFY2(range.contains(QString::fromLatin1(block)), block);
        QVERIFY(!range.contains(QStringLiteral("127.0.0.1/32")));
        QCOMPARE(strings(middlewares["http-h0-r1-access"]["ipAllowList"]["sourceRange"]),
                 QStringList{QStringLiteral("127.0.0.0/8")});
        QCOMPARE(strings(middlewares["http-h1-r1-access"]["ipAllowList"]["sourceRange"]),
                 QStringList({QStringLiteral("0.0.0.0/0"), QStringLiteral("::/0")}));
        // Deny and allow together: IPv6 but 2001:db8::/32.
        const QStringList v6 =
            strings(middlewares["http-h2-r5-access"]["ipAllowList"]["sourceRange"]);
        QVERIFY(v6.contains(QStringLiteral("0.0.0.0/0")));
        QVERIFY(v6.contains(QStringLiteral("2001:db9::/32")));
        QVERIFY(!v6.contains(QStringLiteral("::/0")));
        // Trusted proxies: the client is read from X-Forwarded-For.
        QCOMPARE(
            strings(middlewares["http-h2-r3-access"]["ipAllowList"]["ipStrategy"]["excludedIPs"]),
            QStringList({QStringLiteral("10.0.0.0/8"), QStringLiteral("192.168.1.1/32")}));
        const YAML::Node rate = middlewares["http-h0-r4-rate"]["rateLimit"];
        QCOMPARE(rate["average"].as<int>(), 1);
        QCOMPARE(rate["period"].as<std::string>(), std::string("1m"));
        QCOMPARE(rate["burst"].as<int>(), 3); // the whole bucket: 1 + the engine's burst of 2
        QCOMPARE(middlewares["http-h2-r0-rate"]["rateLimit"]["sourceCriterion"]["requestHeaderName"]
                     .as<std::string>(),
                 std::string("X-Api-Key"));
        const YAML::Node conn = middlewares["http-h2-r0-conn"]["inFlightReq"];
        QCOMPARE(conn["amount"].as<int>(), 5);
        QVERIFY(conn["sourceCriterion"]["ipStrategy"]["excludedIPs"].IsSequence());
        const YAML::Node auth = middlewares["http-h0-r3-auth"]["basicAuth"];
        QCOMPARE(QString::fromStdString(auth["usersFile"].as<std::string>()), m_htpasswd.users);
        QCOMPARE(auth["realm"].as<std::string>(), std::string("Private"));
        QVERIFY(result.mainText.contains("forwardedHeaders: {trustedIPs: [10.0.0.0/8, "
                                         "192.168.1.1/32]}"));
        QCOMPARE(exported(policies())["http"]["middlewares"]["http-h0-r4-rate"]["rateLimit"]
                                     ["sourceCriterion"]["ipStrategy"]["depth"]
                                         .as<int>(),
                 0);
    }

    // CORS and security headers: one headers middleware, first (Traefik answers preflights in
    // it, before the checks).
    void browserMiddleware() {
        ExportResult result;
        const YAML::Node http = exported(
            browserTopology(18086, {19001, 19002}, QStringLiteral(INGRESS_TEST_DATA), 18443),
            &result)["http"];
        QCOMPARE(strings(http["routers"]["http-h0-r2"]["middlewares"]),
                 QStringList(
                     {QStringLiteral("http-h0-r2-browser"), QStringLiteral("http-h0-r2-access")}));
        const YAML::Node headers = http["middlewares"]["http-h0-r3-browser"]["headers"];
        QCOMPARE(strings(headers["accessControlAllowOriginListRegex"]),
                 QStringList({QStringLiteral("(?i)^https://app\\.example\\.com$"),
                              QStringLiteral("(?i)^https://.+\\.example\\.org$")}));
        QCOMPARE(strings(headers["accessControlAllowMethods"]),
                 QStringList({QStringLiteral("GET"), QStringLiteral("POST")}));
        QCOMPARE(strings(headers["accessControlAllowHeaders"]).size(), 9);
        QCOMPARE(strings(headers["accessControlExposeHeaders"]),
                 QStringList{QStringLiteral("X-Request-Id")});
        QVERIFY(headers["accessControlAllowCredentials"].as<bool>());
        QCOMPARE(headers["accessControlMaxAge"].as<int>(), 600);
        QVERIFY(headers["addVaryHeader"].as<bool>());
        QCOMPARE(headers["stsSeconds"].as<int>(), 31536000);
        QVERIFY(headers["contentTypeNosniff"].as<bool>());
        QCOMPARE(headers["referrerPolicy"].as<std::string>(),
                 std::string("strict-origin-when-cross-origin"));
        QCOMPARE(headers["customFrameOptionsValue"].as<std::string>(), std::string("SAMEORIGIN"));
        QCOMPARE(strings(http["middlewares"]["http-h0-r0-browser"]["headers"]
                             ["accessControlAllowOriginList"]),
                 QStringList{QStringLiteral("*")});
        // No origin: security headers only.
        QVERIFY(!http["middlewares"]["http-h0-r1-browser"]["headers"]["accessControlAllowMethods"]);
        const YAML::Node secure = http["middlewares"]["https-h1-r0-browser"]["headers"];
        QCOMPARE(secure["stsSeconds"].as<int>(), 31536000);
        QVERIFY(secure["stsIncludeSubdomains"].as<bool>());
        // Typed, as Traefik reads them: not quoted strings.
        QVERIFY(result.mainText.contains("accessControlAllowCredentials: true\n"));
        QVERIFY(result.mainText.contains("accessControlMaxAge: 600\n"));
        QVERIFY(result.mainText.contains("stsSeconds: 31536000\n"));
        QVERIFY(hasWarning(result, QStringLiteral("host cors.test: Traefik answers every "
                                                  "preflight itself, with 200")));
    }

    // forwardAuth to the service's first endpoint, after the other checks.
    void forwardAuth() {
        ExportResult result;
        const YAML::Node http =
            exported(externalAuthTopology(18088, 19001, 19002), &result)["http"];
        // The engine answers a redirect without asking.
        QCOMPARE(strings(http["routers"]["http-h0-r2"]["middlewares"]),
                 QStringList{QStringLiteral("http-h0-r2-redirect")});
        const YAML::Node host = http["middlewares"]["http-h0-r0-extauth"]["forwardAuth"];
        QCOMPARE(host["address"].as<std::string>(), std::string("http://127.0.0.1:19002/check"));
        QCOMPARE(host["trustForwardHeader"].as<bool>(), false);
        QCOMPARE(strings(host["authResponseHeaders"]), QStringList{QStringLiteral("X-Auth-User")});
        const YAML::Node api = http["middlewares"]["http-h0-r1-extauth"]["forwardAuth"];
        QCOMPARE(api["address"].as<std::string>(),
                 std::string("http://127.0.0.1:19002/verify?scope=api"));
        QCOMPARE(strings(api["authResponseHeaders"]),
                 QStringList({QStringLiteral("X-Auth-User"), QStringLiteral("X-Auth-Email")}));
        QVERIFY(!http["routers"]["http-h1-r0"]["middlewares"]);
        QVERIFY(hasWarning(result, QStringLiteral("host auth.test: Traefik's forwardAuth has no "
                                                  "sign-in page")));
        QVERIFY(!hasWarning(result, QStringLiteral("route #2 (Prefix /api): Traefik's forwardAuth "
                                                   "has no sign-in page")));
    }

    void policyReports_data() {
        QTest::addColumn<QString>("expected");
        QTest::newRow("SHA-crypt user") << "host policy.test, route #4 (Prefix /private): "
                                           "Traefik's basicAuth knows bcrypt, Apache MD5 and "
                                           "{SHA}, not SHA-crypt: user 'alice'";
        QTest::newRow("header without a fallback")
            << "host limits.test: Traefik counts requests without the X-Api-Key header together";
        QTest::newRow("a host's limit per router")
            << "host limits.test: Traefik keeps the state of a rate limit per router";
        QTest::newRow("connections per router")
            << "host limits.test: Traefik keeps the state of a connection limit per router";
        QTest::newRow("direct clients") << "host policy.test, route #1 (Prefix /denied): Traefik "
                                           "reads the client from X-Forwarded-For alone";
    }
    void policyReports() {
        QFETCH(QString, expected);
        ExportResult result;
        exported(policyFeatures(), &result);
        QVERIFY(hasWarning(result, expected));
        QVERIFY(!hasWarning(result, QStringLiteral("user 'bob'")));
        QVERIFY(!hasWarning(result, QStringLiteral("user 'carol'")));
    }

    // loadBalancer.sticky.cookie carries name, HttpOnly and Max-Age; services without a sticky
    // session have none.
    void stickySession() {
        const ExportResult result =
            TraefikExporter().exportTopology(stickyTopology(18087, {19001, 19002, 19003}), {});
        const YAML::Node services = YAML::Load(result.mainText.toStdString())["http"]["services"];
        const YAML::Node app = services["svc-app"]["loadBalancer"]["sticky"]["cookie"];
        QCOMPARE(app["name"].as<std::string>(), "shop_route");
        QCOMPARE(app["httpOnly"].as<bool>(), true);
        QCOMPARE(app["maxAge"].as<int>(), 3600);
        const YAML::Node cart = services["svc-cart"]["loadBalancer"]["sticky"]["cookie"];
        QCOMPARE(cart["name"].as<std::string>(), "cart-id");
        QVERIFY(!cart["maxAge"]);
        QVERIFY(!services["svc-web"]["loadBalancer"]["sticky"]);
        QVERIFY(hasWarning(result, QStringLiteral("service app: Traefik's sticky cookie values")));
    }
};

QTEST_GUILESS_MAIN(TestTraefikExporter)
#include "tst_traefikexporter.moc"
