#include "export/gatewayapiexporter.h"
#include "tests/export/authtopology.h"
#include "tests/export/exporttesthelpers.h"
#include "tests/export/manifestdocuments.h"
#include "tests/export/testtopologies.h"

#include <optional>
#include <QTemporaryDir>
#include <QTest>
#include <yaml-cpp/yaml.h>

using namespace ingress;
using namespace ingress::testing;

namespace {
// A host with `routes` Prefix routes /p0, /p1, ...
Topology manyRoutes(int hosts, int routes) {
    Topology t;
    t.name = QStringLiteral("many");
    t.listeners << Listener{QStringLiteral("web"), QStringLiteral(":80"), Protocol::Http, {}};
    t.services << service(QStringLiteral("web"), {QStringLiteral("10.0.0.1:80")});
    for (int h = 0; h < hosts; ++h) {
        QList<Route> list;
        for (int r = 0; r < routes; ++r)
            list << route(QStringLiteral("/p%1").arg(r), PathType::Prefix, QStringLiteral("web"));
        t.hosts << host(QStringLiteral("h%1.example.com").arg(h), list);
    }
    return t;
}
} // namespace

class TestGatewayApiExporter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void gatewayListeners() {
        const ExportResult result = GatewayApiExporter().exportTopology(
            shopTopology(18080, {19001, 19002, 19003, 19004}, QStringLiteral(INGRESS_TEST_DATA),
                         18443),
            {});
        const auto gateways = documents(result, "Gateway");
        QCOMPARE(gateways.size(), std::size_t(1));
        const YAML::Node listeners = gateways[0]["spec"]["listeners"];
        QCOMPARE(listeners[0]["protocol"].as<std::string>(), std::string("HTTP"));
        QCOMPARE(listeners[0]["port"].as<int>(), 18080);
        bool secure = false;
        for (const auto &l : listeners)
            if (l["hostname"] && l["hostname"].as<std::string>() == "secure.example.com") {
                secure = true;
                QCOMPARE(l["protocol"].as<std::string>(), std::string("HTTPS"));
                QCOMPARE(l["tls"]["certificateRefs"][0]["name"].as<std::string>(),
                         std::string("example"));
            }
        QVERIFY(secure);
    }

    // The features topology: each match of a route is a rule, query and header matches keep
    // their type, filters map to Gateway API's, the '*' host is an HTTPRoute without hostnames
    // (ending with the default service), and its routes are repeated in the named hosts'
    // HTTPRoutes before their default rule (the engine's fall-through).
    void routingFeatures() {
        const ExportResult result = GatewayApiExporter().exportTopology(
            featuresTopology(18084, {19001, 19002, 19003, 19004}), {});
        std::map<std::string, YAML::Node> byHost;
        int withoutHostnames = 0;
        for (const YAML::Node &route : documents(result, "HTTPRoute")) {
            if (!route["spec"]["hostnames"]) {
                ++withoutHostnames;
                byHost["*"] = route["spec"]["rules"];
                continue;
            }
            for (const auto &name : route["spec"]["hostnames"])
                byHost[name.as<std::string>()] = route["spec"]["rules"];
        }
        QCOMPARE(withoutHostnames, 1);
        auto has = [&](const std::string &host, const std::string &part) {
            YAML::Emitter out;
            out << byHost[host];
            return std::string(out.c_str()).find(part) != std::string::npos;
        };
        QVERIFY(has("multi.test", "value: /a"));
        QVERIFY(has("multi.test", "queryParams"));
        QVERIFY(has("multi.test", "type: RegularExpression\n              name: X-Ver") ||
                has("multi.test", "name: X-Ver"));
        QVERIFY(has("multi.test", "type: RequestHeaderModifier"));
        QVERIFY(has("multi.test", "type: ResponseHeaderModifier"));
        QVERIFY(has("multi.test", "replaceFullPath: /replaced"));
        QVERIFY(has("multi.test", "hostname: upstream.test"));
        QVERIFY(has("multi.test", "type: RequestMirror"));
        QVERIFY(has("multi.test", "percent: 50"));
        QVERIFY(has("other.test", "value: /any"));
        QVERIFY(has("*", "value: /any"));
        // The last rule of every host is the default service (PathPrefix /).
        for (const auto &[host, rules] : byHost) {
            const YAML::Node last = rules[rules.size() - 1];
            QCOMPARE(last["matches"][0]["path"]["value"].as<std::string>(), std::string("/"));
            QCOMPARE(last["backendRefs"][0]["name"].as<std::string>(), std::string("web"));
        }
        // Both matches of route #1 are rules to api: Exact /a and PathPrefix /b with v=1 (the
        // '*' host's Exact /a to admin follows them: the first of equal rules wins).
        int matchesOfFirst = 0;
        for (const auto &rule : byHost["multi.test"])
            for (const auto &match : rule["matches"])
                if (rule["backendRefs"] &&
                    rule["backendRefs"][0]["name"].as<std::string>() == "api")
                    if (match["path"]["value"].as<std::string>() == "/a" ||
                        (match["path"]["value"].as<std::string>() == "/b" &&
                         match["queryParams"][0]["value"].as<std::string>() == "1"))
                        ++matchesOfFirst;
        QCOMPARE(matchesOfFirst, 2);
    }

    // Unknown hosts go to the default service, as in the engine: one HTTPRoute without
    // hostnames on every listener that answers them (HTTPS: a listener without hostname with
    // the default certificate). Without a default service there is none.
    void defaultServiceRoute_data() {
        QTest::addColumn<Topology>("topology");
        QTest::addColumn<QStringList>("sections"); // empty: no such route
        QTest::addColumn<QString>("service");
        const QString data = QStringLiteral(INGRESS_TEST_DATA);
        QTest::newRow("HTTP listener") << shopTopology(18080, {19001, 19002, 19003, 19004})
                                       << QStringList{"http"} << "fallback";
        QTest::newRow("HTTP and HTTPS listeners")
            << shopTopology(18080, {19001, 19002, 19003, 19004}, data, 18443)
            << QStringList{"http", "https-default"} << "fallback";
        QTest::newRow("default service only")
            << defaultOnlyTopology(18081, 19001) << QStringList{"http"} << "everything";
        QTest::newRow("no default service")
            << redirectTopology(18082, {19001, 19002}) << QStringList{} << QString();
    }
    void defaultServiceRoute() {
        QFETCH(Topology, topology);
        QFETCH(QStringList, sections);
        QFETCH(QString, service);
        const ExportResult result = GatewayApiExporter().exportTopology(topology, {});
        std::vector<YAML::Node> catchAll;
        for (const YAML::Node &route : documents(result, "HTTPRoute"))
            if (!route["spec"]["hostnames"])
                catchAll.push_back(route);
        QCOMPARE(catchAll.size(), std::size_t(sections.isEmpty() ? 0 : 1));
        if (sections.isEmpty())
            return;
        const YAML::Node spec = catchAll[0]["spec"];
        QStringList attached;
        for (const YAML::Node &parent : spec["parentRefs"])
            attached << QString::fromStdString(parent["sectionName"].as<std::string>());
        QCOMPARE(attached, sections);
        QCOMPARE(spec["rules"].size(), std::size_t(1));
        const YAML::Node rule = spec["rules"][0];
        QCOMPARE(rule["matches"][0]["path"]["type"].as<std::string>(), std::string("PathPrefix"));
        QCOMPARE(rule["matches"][0]["path"]["value"].as<std::string>(), std::string("/"));
        QCOMPARE(QString::fromStdString(rule["backendRefs"][0]["name"].as<std::string>()), service);
        // Every section it names is a listener of the Gateway; an HTTPS one has no hostname and
        // the listener's default certificate.
        const YAML::Node listeners = documents(result, "Gateway")[0]["spec"]["listeners"];
        for (const QString &section : sections) {
            bool found = false;
            for (const YAML::Node &l : listeners) {
                if (QString::fromStdString(l["name"].as<std::string>()) != section)
                    continue;
                found = true;
                QVERIFY(!l["hostname"]);
                if (l["protocol"].as<std::string>() == "HTTPS")
                    QCOMPARE(l["tls"]["certificateRefs"][0]["name"].as<std::string>(),
                             std::string("example"));
            }
            QVERIFY2(found, qPrintable(section));
        }
    }

    void matchesAndFilters_data() {
        QTest::addColumn<QString>("expected");
        QTest::newRow("prefix") << "type: PathPrefix\n            value: /api\n";
        QTest::newRow("exact") << "type: Exact";
        QTest::newRow("regex") << "type: RegularExpression";
        QTest::newRow("method") << "method: POST";
        QTest::newRow("header") << "name: X-Admin";
        QTest::newRow("rewrite") << "replacePrefixMatch: /v2";
        QTest::newRow("redirect") << "type: RequestRedirect";
        QTest::newRow("backend port") << "port: 80";
    }
    void matchesAndFilters() {
        QFETCH(QString, expected);
        const ExportResult result = GatewayApiExporter().exportTopology(
            shopTopology(18080, {19001, 19002, 19003, 19004}), {});
        verifyMainTextContains(result, expected);
    }

    // A header value YAML would read as a boolean stays a string (the schema wants one).
    void ambiguousScalarsAreQuoted() {
        Topology topology = defaultOnlyTopology(18081, 19001);
        Route canary = route(QStringLiteral("/"), PathType::Prefix, topology.services[0].name);
        canary.firstMatch().headers
            << HeaderMatch{QStringLiteral("X-Canary"), QStringLiteral("true")};
        topology.hosts << host(QStringLiteral("a.example.com"), {canary});
        const ExportResult result = GatewayApiExporter().exportTopology(topology, {});
        const QString text = QString::fromUtf8(result.mainText);
        QVERIFY2(text.contains(QStringLiteral("value: \"true\"")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("port: 80")), qPrintable(text));
    }

    void splitsAt16_data() {
        QTest::addColumn<int>("hosts");
        QTest::addColumn<int>("routes");
        QTest::addColumn<int>("httpRoutes");
        QTest::newRow("16 rules fit") << 1 << 16 << 1;
        QTest::newRow("17 rules split") << 1 << 17 << 2;
        QTest::newRow("33 rules") << 1 << 33 << 3;
        QTest::newRow("16 equal hosts share") << 16 << 2 << 1;
        QTest::newRow("17 equal hosts split") << 17 << 2 << 2;
    }
    void splitsAt16() {
        QFETCH(int, hosts);
        QFETCH(int, routes);
        QFETCH(int, httpRoutes);
        const ExportResult result =
            GatewayApiExporter().exportTopology(manyRoutes(hosts, routes), {});
        const auto found = documents(result, "HTTPRoute");
        QCOMPARE(int(found.size()), httpRoutes);
        for (const YAML::Node &route : found) {
            QVERIFY(route["spec"]["rules"].size() <= 16);
            QVERIFY(route["spec"]["hostnames"].size() <= 16);
        }
    }

    void warnings_data() {
        QTest::addColumn<Topology>("topology");
        QTest::addColumn<QString>("expected");
        QTest::newRow("regex is implementation-specific")
            << shopTopology(18080, {19001, 19002, 19003, 19004}) << "implementation-specific";
        QTest::newRow("HTTPS redirect code")
            << shopTopology(18080, {19001, 19002, 19003, 19004}, QStringLiteral(INGRESS_TEST_DATA),
                            18443)
            << "HTTP to HTTPS with 301";
        QTest::newRow("regex rewrite")
            << redirectTopology(18080, {19001, 19002}) << "cannot rewrite the part a regex matched";
    }
    void warnings() {
        QFETCH(Topology, topology);
        QFETCH(QString, expected);
        QVERIFY(hasWarning(GatewayApiExporter().exportTopology(topology, {}), expected));
    }

    void trafficSplit() {
        const ExportResult result =
            GatewayApiExporter().exportTopology(splitTopology(18083, {19001, 19002}), {});
        const std::vector<YAML::Node> routes = documents(result, "HTTPRoute");
        QVERIFY(!routes.empty());
        // Rules come in precedence order; find the `/` rule by its match.
        bool found = false;
        for (const YAML::Node &route : routes)
            for (const YAML::Node &rule : route["spec"]["rules"]) {
                const YAML::Node refs = rule["backendRefs"];
                if (rule["matches"][0]["path"]["value"].as<std::string>() != "/")
                    continue;
                found = true;
                QCOMPARE(refs.size(), std::size_t(2));
                QCOMPARE(refs[0]["name"].as<std::string>(), std::string("web"));
                QCOMPARE(refs[0]["weight"].as<int>(), 90);
                QCOMPARE(refs[1]["name"].as<std::string>(), std::string("canary"));
                QCOMPARE(refs[1]["weight"].as<int>(), 10);
            }
        QVERIFY(found);
        // A drained backend stays, with weight 0: Gateway API's way to drain.
        verifyMainTextContains(result, QStringLiteral("weight: 0"));
    }

    // Gateway API has no core filter for any part of a policy: each is reported where it is
    // written (a host's part once, at the host), and the routes are exported without it.
    void policiesAreReported_data() {
        QTest::addColumn<QString>("expected");
        QTest::newRow("deny") << "host policy.test, route #1 (Prefix /denied): Gateway API has "
                                 "no core filter for an allow/deny list";
        QTest::newRow("basic auth") << "host policy.test, route #4 (Prefix /private): Gateway API "
                                       "has no core filter for basic auth";
        QTest::newRow("rate limit") << "host policy.test, route #5 (Prefix /limited): Gateway API "
                                       "has no core filter for a rate limit";
        QTest::newRow("host's access list")
            << "host hostpolicy.test: Gateway API has no core filter for an allow/deny list";
        QTest::newRow("host's connection limit")
            << "host limits.test: Gateway API has no core filter for a connection limit";
        QTest::newRow("trusted proxies")
            << "listener http: Gateway API has no setting for trusted proxies";
    }
    void policiesAreReported() {
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const PolicyFiles files = writePolicyFiles(dir.path());
        const ExportResult result = GatewayApiExporter().exportTopology(
            policyFeaturesTopology(18085, {19001, 19002}, files.users, files.mixed), {});
        QVERIFY(hasWarning(result, expected));
        qsizetype hostReports = 0;
        for (const ExportWarning &warning : result.warnings)
            hostReports += warning.toString().startsWith(
                QStringLiteral("host hostpolicy.test: Gateway API has no core filter"));
        QCOMPARE(hostReports, 1); // the host's list, once for both routes
    }

    void externalAuthReported() {
        const ExportResult result =
            GatewayApiExporter().exportTopology(externalAuthTopology(18088, 19001, 19002), {});
        QVERIFY(hasWarning(result, QStringLiteral("host auth.test: Gateway API v1.2 has no filter "
                                                  "for external auth")));
        QVERIFY(hasWarning(result, QStringLiteral("host auth.test, route #2 (Prefix /api): "
                                                  "Gateway API v1.2 has no filter for external "
                                                  "auth")));
        QVERIFY(!hasWarning(result, QStringLiteral("core filter for external auth")));
        QVERIFY(!result.mainText.contains("ExternalAuth"));
    }

    // CORS as the CORS filter (Gateway API v1.3, experimental channel), security headers set by
    // the rule's one ResponseHeaderModifier; HSTS there holds for every listener (reported).
    void browserFilters() {
        const ExportResult result =
            GatewayApiExporter().exportTopology(browserTopology(18086, {19001, 19002}), {});
        YAML::Node rootRule, openRule, closedRule;
        for (const YAML::Node &doc : YAML::LoadAll(result.mainText.toStdString())) {
            if (!doc["kind"] || doc["kind"].as<std::string>() != "HTTPRoute")
                continue;
            for (const YAML::Node &rule : doc["spec"]["rules"]) {
                const std::string path = rule["matches"][0]["path"]["value"].as<std::string>();
                if (path == "/")
                    rootRule = rule;
                else if (path == "/open")
                    openRule = rule;
                else if (path == "/closed")
                    closedRule = rule;
            }
        }
        QVERIFY(rootRule.IsMap() && openRule.IsMap() && closedRule.IsMap());
        const YAML::Node cors = rootRule["filters"][0];
        QCOMPARE(cors["type"].as<std::string>(), std::string("CORS"));
        QCOMPARE(cors["cors"]["allowOrigins"][0].as<std::string>(),
                 std::string("https://app.example.com"));
        QCOMPARE(cors["cors"]["allowOrigins"][1].as<std::string>(),
                 std::string("https://*.example.org"));
        QCOMPARE(cors["cors"]["allowMethods"].size(), std::size_t(2));
        QCOMPARE(cors["cors"]["exposeHeaders"][0].as<std::string>(), std::string("X-Request-Id"));
        QVERIFY(cors["cors"]["allowCredentials"].as<bool>());
        QCOMPARE(cors["cors"]["maxAge"].as<int>(), 600);
        QCOMPARE(openRule["filters"][0]["cors"]["allowOrigins"][0].as<std::string>(),
                 std::string("*"));
        const YAML::Node modifier = rootRule["filters"][1];
        QCOMPARE(modifier["type"].as<std::string>(), std::string("ResponseHeaderModifier"));
        QStringList set;
        for (const auto &field : modifier["responseHeaderModifier"]["set"])
            set << QString::fromStdString(field["name"].as<std::string>() + ": " +
                                          field["value"].as<std::string>());
        QCOMPARE(set,
                 QStringList({QStringLiteral("X-Content-Type-Options: nosniff"),
                              QStringLiteral("Referrer-Policy: strict-origin-when-cross-origin"),
                              QStringLiteral("X-Frame-Options: SAMEORIGIN"),
                              QStringLiteral("Strict-Transport-Security: max-age=31536000")}));
        QVERIFY(hasWarning(result, QStringLiteral("host cors.test: Strict-Transport-Security is "
                                                  "sent over HTTP listener http too")));
        QVERIFY(hasWarning(result, QStringLiteral("host cors.test: the CORS filter is Gateway API "
                                                  "v1.3's experimental channel")));
        QVERIFY(hasWarning(result, QStringLiteral("host cors.test, route #3 (Prefix /closed): "
                                                  "Gateway API has no core filter for an "
                                                  "allow/deny list")));
    }

    // sessionPersistence (GEP-1619) on the rules of a sticky service; a split between services
    // whose sticky sessions differ has none, and says so.
    void stickySession_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("name");    // empty: no sessionPersistence
        QTest::addColumn<QString>("timeout"); // empty: none
        QTest::addColumn<QString>("lifetime");
        QTest::newRow("ttl") << "/"
                             << "shop_route"
                             << "3600s"
                             << "Permanent";
        QTest::newRow("session cookie") << "/cart"
                                        << "cart-id" << QString() << "Session";
        QTest::newRow("not sticky") << "/plain" << QString() << QString() << QString();
        QTest::newRow("split") << "/split" << QString() << QString() << QString();
    }
    void stickySession() {
        QFETCH(QString, path);
        QFETCH(QString, name);
        QFETCH(QString, timeout);
        QFETCH(QString, lifetime);
        const ExportResult result =
            GatewayApiExporter().exportTopology(stickyTopology(18087, {19001, 19002, 19003}), {});
        std::optional<YAML::Node> found;
        for (const YAML::Node &doc : YAML::LoadAll(result.mainText.toStdString()))
            if (doc["kind"].as<std::string>() == "HTTPRoute")
                for (const YAML::Node &rule : doc["spec"]["rules"])
                    for (const YAML::Node &match : rule["matches"])
                        if (match["path"]["value"].as<std::string>() == path.toStdString())
                            found.emplace(static_cast<const YAML::Node &>(rule));
        QVERIFY(found);
        const YAML::Node session = (*found)["sessionPersistence"];
        if (name.isEmpty()) {
            QVERIFY(!session);
        } else {
            QCOMPARE(QString::fromStdString(session["sessionName"].as<std::string>()), name);
            QCOMPARE(session["type"].as<std::string>(), "Cookie");
            QCOMPARE(session["absoluteTimeout"]
                         ? QString::fromStdString(session["absoluteTimeout"].as<std::string>())
                         : QString(),
                     timeout);
            QCOMPARE(
                QString::fromStdString(session["cookieConfig"]["lifetimeType"].as<std::string>()),
                lifetime);
        }
        QVERIFY(
            hasWarning(result, QStringLiteral("service app: sessionPersistence is experimental")));
        QVERIFY(hasWarning(result, QStringLiteral("route #4 (Prefix /split): the services of this "
                                                  "split differ in sticky session")));
    }
};

QTEST_GUILESS_MAIN(TestGatewayApiExporter)
#include "tst_gatewayapiexporter.moc"
