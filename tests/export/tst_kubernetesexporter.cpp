#include "export/gatewayapiexporter.h"
#include "export/kubernetesexporter.h"
#include "tests/export/authtopology.h"
#include "tests/export/exporttesthelpers.h"
#include "tests/export/testtopologies.h"

#include <QTemporaryDir>
#include <QTest>
#include <yaml-cpp/yaml.h>

using namespace ingress;
using namespace ingress::testing;

namespace {
std::vector<YAML::Node> documents(const ExportResult &result, const std::string &kind) {
    std::vector<YAML::Node> found;
    for (const YAML::Node &doc : YAML::LoadAll(result.mainText.toStdString()))
        if (doc["kind"].as<std::string>() == kind)
            found.push_back(doc);
    return found;
}

// One service `svc` with `endpoints`, routed from one host, optionally with a selector.
Topology endpointTopology(const QStringList &endpoints, bool selector) {
    Topology t;
    t.name = QStringLiteral("slices");
    t.listeners << Listener{QStringLiteral("web"), QStringLiteral(":80"), Protocol::Http, {}};
    t.services << service(QStringLiteral("svc"), endpoints);
    if (selector)
        t.services.last().selector.insert(QStringLiteral("app"), QStringLiteral("svc"));
    t.hosts << host(QStringLiteral("a.example.com"),
                    {route(QStringLiteral("/"), PathType::Prefix, QStringLiteral("svc"))});
    return t;
}

// The annotations of the Ingress that routes `host` `path`, as "name=value" lines.
QStringList annotationsFor(const ExportResult &result, const std::string &host,
                           const std::string &path) {
    for (const YAML::Node &ingress : documents(result, "Ingress"))
        for (const auto &rule : ingress["spec"]["rules"])
            for (const auto &p : rule["http"]["paths"])
                if (rule["host"] && rule["host"].as<std::string>() == host &&
                    p["path"].as<std::string>() == path) {
                    QStringList lines;
                    for (const auto &entry : ingress["metadata"]["annotations"])
                        lines << QString::fromStdString(entry.first.as<std::string>() + '=' +
                                                        entry.second.as<std::string>());
                    return lines;
                }
    return {};
}

ExportResult exportAs(const QString &format, const Topology &topology) {
    if (format == u"gateway-api")
        return GatewayApiExporter().exportTopology(topology, {});
    return KubernetesExporter().exportTopology(topology, {});
}
} // namespace

class TestKubernetesExporter : public QObject {
    Q_OBJECT
    QTemporaryDir m_files; // htpasswd files of the policy topologies
    PolicyFiles m_htpasswd;

    Topology policyFeatures() const {
        return policyFeaturesTopology(18085, {19001, 19002}, m_htpasswd.users, m_htpasswd.mixed);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_files.isValid());
        m_htpasswd = writePolicyFiles(m_files.path());
        QVERIFY(!m_htpasswd.users.isEmpty());
    }

    void ingressContent_data() {
        QTest::addColumn<AnnotationProfile>("profile");
        QTest::addColumn<QString>("expected");
        QTest::newRow("class") << AnnotationProfile::IngressNginx << "ingressClassName: nginx";
        QTest::newRow("default backend") << AnnotationProfile::IngressNginx << "defaultBackend:";
        QTest::newRow("prefix") << AnnotationProfile::IngressNginx
                                << "- path: /api\n            pathType: Prefix";
        QTest::newRow("exact") << AnnotationProfile::IngressNginx << "pathType: Exact";
        QTest::newRow("wildcard host")
            << AnnotationProfile::IngressNginx << "host: \"*.example.com\"";
        QTest::newRow("nginx rewrite") << AnnotationProfile::IngressNginx
                                       << "nginx.ingress.kubernetes.io/rewrite-target: \"/v2/$2\"";
        QTest::newRow("nginx regex")
            << AnnotationProfile::IngressNginx << "nginx.ingress.kubernetes.io/use-regex: \"true\"";
        QTest::newRow("haproxy rewrite")
            << AnnotationProfile::HAProxy << "haproxy.org/path-rewrite";
        QTest::newRow("haproxy balance")
            << AnnotationProfile::HAProxy << "haproxy.org/load-balance: \"leastconn\"";
        QTest::newRow("endpoints kept") << AnnotationProfile::IngressNginx
                                        << "ingress-studio.io/endpoints: \"127.0.0.1:19004=3\"";
    }
    void ingressContent() {
        QFETCH(AnnotationProfile, profile);
        QFETCH(QString, expected);
        ExportOptions options;
        options.annotationProfile = profile;
        const ExportResult result = KubernetesExporter().exportTopology(
            shopTopology(18080, {19001, 19002, 19003, 19004}), options);
        verifyMainTextContains(result, expected);
    }

    // Each match of a route is a path of its own; the '*' host is a rule without host;
    // ingress-nginx annotations carry rewriteHost, rewritePath and a mirror; what an Ingress
    // cannot express (query matches, header filters) is reported.
    void routingFeatures() {
        const ExportResult result = KubernetesExporter().exportTopology(
            featuresTopology(18084, {19001, 19002, 19003, 19004}), {});
        QStringList paths;
        bool hostless = false;
        QStringList annotations;
        for (const YAML::Node &ingress : documents(result, "Ingress")) {
            for (const auto &entry : ingress["metadata"]["annotations"])
                annotations << QString::fromStdString(entry.first.as<std::string>() + '=' +
                                                      entry.second.as<std::string>());
            for (const auto &rule : ingress["spec"]["rules"]) {
                const std::string host = rule["host"] ? rule["host"].as<std::string>() : "*";
                hostless |= !rule["host"];
                for (const auto &path : rule["http"]["paths"])
                    paths << QString::fromStdString(host + ' ' + path["path"].as<std::string>());
            }
        }
        QVERIFY2(paths.contains(QStringLiteral("multi.test /a")), qPrintable(paths.join(u',')));
        QVERIFY2(paths.contains(QStringLiteral("multi.test /b")), qPrintable(paths.join(u',')));
        QVERIFY2(paths.contains(QStringLiteral("* /any")), qPrintable(paths.join(u',')));
        QVERIFY(hostless);
        const QString all = annotations.join(u'\n');
        QVERIFY2(all.contains(
                     QStringLiteral("nginx.ingress.kubernetes.io/upstream-vhost=upstream.test")),
                 qPrintable(all));
        QVERIFY2(
            all.contains(QStringLiteral("nginx.ingress.kubernetes.io/rewrite-target=/replaced")),
            qPrintable(all));
        QVERIFY2(
            all.contains(QStringLiteral("nginx.ingress.kubernetes.io/mirror-target=http://copy.")),
            qPrintable(all));
        QVERIFY(hasWarning(result, QStringLiteral("cannot match query parameters")));
        QVERIFY(hasWarning(result, QStringLiteral("setting headers in requestHeaders")));
        QVERIFY(hasWarning(result, QStringLiteral("only 'copy' is mirrored, and at 100 %")));
        QVERIFY(hasWarning(result, QStringLiteral("no fall-through to the '*' routes")));
    }

    void objects() {
        ExportOptions options;
        options.includeSecrets = true;
        const ExportResult result = KubernetesExporter().exportTopology(
            shopTopology(18080, {19001, 19002, 19003, 19004}, QStringLiteral(INGRESS_TEST_DATA),
                         18443),
            options);
        QVERIFY(!documents(result, "Ingress").empty());
        QCOMPARE(documents(result, "Service").size(), std::size_t(4));
        const auto secrets = documents(result, "Secret");
        QCOMPARE(secrets.size(), std::size_t(1));
        QCOMPARE(secrets[0]["type"].as<std::string>(), std::string("kubernetes.io/tls"));
        QVERIFY(!secrets[0]["data"]["tls.key"].as<std::string>().empty());
        // The TLS host has its own annotations (ssl-redirect), hence its own Ingress.
        QStringList secretNames;
        for (const YAML::Node &ingress : documents(result, "Ingress"))
            for (const auto &tls : ingress["spec"]["tls"])
                secretNames << QString::fromStdString(tls["secretName"].as<std::string>());
        QCOMPARE(secretNames, QStringList{QStringLiteral("example")});
    }

    // Designed endpoints of a selector-less Service travel as EndpointSlices: one per address
    // type and port, the port named as the Service's, labelled for the Service.
    void endpointSlices_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QStringList>("endpoints");
        QTest::addColumn<bool>("selector");
        QTest::addColumn<QStringList>("slices"); // "TYPE PORT address,address"
        for (const char *format : {"kubernetes", "gateway-api"}) {
            QTest::addRow("%s IPv4, one port", format)
                << QString::fromLatin1(format) << QStringList{"10.0.0.1:8080", "10.0.0.2:8080"}
                << false << QStringList{"IPv4 8080 10.0.0.1,10.0.0.2"};
            QTest::addRow("%s IPv4, IPv6, FQDN", format)
                << QString::fromLatin1(format)
                << QStringList{"10.0.0.1:80", "[fd00::1]:80", "Backend.example.com:8080"} << false
                << QStringList{"IPv4 80 10.0.0.1", "IPv6 80 fd00::1",
                               "FQDN 8080 backend.example.com"};
            QTest::addRow("%s two ports", format)
                << QString::fromLatin1(format) << QStringList{"10.0.0.1:80", "10.0.0.2:81"} << false
                << QStringList{"IPv4 80 10.0.0.1", "IPv4 81 10.0.0.2"};
            QTest::addRow("%s selector: the cluster finds the pods", format)
                << QString::fromLatin1(format) << QStringList{"10.0.0.1:80"} << true
                << QStringList{};
            QTest::addRow("%s no endpoints", format)
                << QString::fromLatin1(format) << QStringList{} << false << QStringList{};
        }
    }
    void endpointSlices() {
        QFETCH(QString, format);
        QFETCH(QStringList, endpoints);
        QFETCH(bool, selector);
        QFETCH(QStringList, slices);
        const ExportResult result = exportAs(format, endpointTopology(endpoints, selector));
        const auto services = documents(result, "Service");
        QCOMPARE(services.size(), std::size_t(1));
        QCOMPARE(bool(services[0]["spec"]["selector"]), selector);
        if (selector)
            QCOMPARE(services[0]["spec"]["selector"]["app"].as<std::string>(), std::string("svc"));
        const std::string portName = services[0]["spec"]["ports"][0]["name"].as<std::string>();
        QStringList found;
        for (const YAML::Node &slice : documents(result, "EndpointSlice")) {
            QCOMPARE(slice["apiVersion"].as<std::string>(), std::string("discovery.k8s.io/v1"));
            const YAML::Node labels = slice["metadata"]["labels"];
            QCOMPARE(labels["kubernetes.io/service-name"].as<std::string>(), std::string("svc"));
            QCOMPARE(labels["endpointslice.kubernetes.io/managed-by"].as<std::string>(),
                     std::string("ingress-studio.io"));
            QCOMPARE(slice["ports"][0]["name"].as<std::string>(), portName);
            QStringList addresses;
            for (const YAML::Node &endpoint : slice["endpoints"])
                addresses << QString::fromStdString(endpoint["addresses"][0].as<std::string>());
            found << QStringLiteral("%1 %2 %3")
                         .arg(QString::fromStdString(slice["addressType"].as<std::string>()))
                         .arg(slice["ports"][0]["port"].as<int>())
                         .arg(addresses.join(u','));
        }
        QCOMPARE(found, slices);
    }

    // Weights have no place in an EndpointSlice: said, not silently dropped.
    void endpointWeightsAreReported_data() {
        QTest::addColumn<QString>("format");
        QTest::newRow("kubernetes") << "kubernetes";
        QTest::newRow("gateway-api") << "gateway-api";
    }
    void endpointWeightsAreReported() {
        QFETCH(QString, format);
        Topology weighted = endpointTopology({"10.0.0.1:80", "10.0.0.2:80"}, false);
        weighted.services[0].endpoints[1].weight = 3;
        QVERIFY(hasWarning(exportAs(format, weighted), "cannot express endpoint weights"));
        QVERIFY(!hasWarning(exportAs(format, endpointTopology({"10.0.0.1:80"}, false)),
                            "cannot express endpoint weights"));
    }

    void warnings_data() {
        QTest::addColumn<QString>("expected");
        QTest::newRow("methods") << "cannot match methods";
        QTest::newRow("headers") << "cannot match headers";
        QTest::newRow("redirect") << "cannot express a redirect";
        QTest::newRow("listeners") << "listeners are not exported";
    }
    void warnings() {
        QFETCH(QString, expected);
        QVERIFY(hasWarning(KubernetesExporter().exportTopology(
                               shopTopology(18080, {19001, 19002, 19003, 19004}), {}),
                           expected));
    }

    // An Ingress has one backend per path: the heaviest backend takes all, and the export says so.
    void trafficSplit() {
        const ExportResult result =
            KubernetesExporter().exportTopology(splitTopology(18083, {19001, 19002}), {});
        QVERIFY(hasWarning(result, QStringLiteral("an Ingress cannot split traffic by weight; "
                                                  "every request goes to 'web'")));
    }
    // ingress-nginx annotations per Ingress: routes whose policies differ land in Ingresses of
    // their own; a limit's scope keeps routes the engine counts apart in separate zones.
    void policyAnnotations_data() {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        const QString prefix = QStringLiteral("nginx.ingress.kubernetes.io/");
        QTest::newRow("deny") << "policy.test"
                              << "/denied" << prefix + "denylist-source-range=127.0.0.1/32";
        QTest::newRow("allow") << "policy.test"
                               << "/allowed" << prefix + "whitelist-source-range=127.0.0.0/8";
        QTest::newRow("basic auth") << "policy.test"
                                    << "/private" << prefix + "auth-type=basic";
        QTest::newRow("auth secret") << "policy.test"
                                     << "/private" << prefix + "auth-secret=basic-auth-users";
        QTest::newRow("realm") << "policy.test"
                               << "/private" << prefix + "auth-realm=Private";
        QTest::newRow("per minute") << "policy.test"
                                    << "/limited" << prefix + "limit-rpm=1";
        QTest::newRow("burst") << "policy.test"
                               << "/limited" << prefix + "limit-burst-multiplier=2";
        QTest::newRow("scope") << "policy.test"
                               << "/limited"
                               << "ingress-studio.io/limit-scope=rate h0r4";
        QTest::newRow("host policy") << "hostpolicy.test"
                                     << "/closed" << prefix + "whitelist-source-range=10.0.0.0/8";
        QTest::newRow("route lifts it")
            << "hostpolicy.test"
            << "/open" << prefix + "whitelist-source-range=0.0.0.0/0,::/0";
        QTest::newRow("connections") << "limits.test"
                                     << "/b" << prefix + "limit-connections=5";
        QTest::newRow("per second") << "limits.test"
                                    << "/b" << prefix + "limit-rps=10";
        QTest::newRow("shared scope") << "limits.test"
                                      << "/b"
                                      << "ingress-studio.io/limit-scope=connections h2, rate h2";
        QTest::newRow("own scope") << "limits.test"
                                   << "/c"
                                   << "ingress-studio.io/limit-scope=connections h2, rate h2r2";
    }
    void policyAnnotations() {
        QFETCH(QString, host);
        QFETCH(QString, path);
        QFETCH(QString, expected);
        ExportOptions options;
        options.includeSecrets = true;
        const ExportResult result = KubernetesExporter().exportTopology(policyFeatures(), options);
        const QStringList annotations =
            annotationsFor(result, host.toStdString(), path.toStdString());
        QVERIFY2(annotations.contains(expected), qPrintable(annotations.join(u'\n')));
    }

    // ingress-nginx's external auth: auth-url names the Service by its cluster DNS name and port.
    void externalAuthAnnotations_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        const QString prefix = QStringLiteral("nginx.ingress.kubernetes.io/");
        QTest::newRow("auth-url") << "/app"
                                  << prefix + "auth-url=http://auth.default.svc.cluster.local:80"
                                              "/check";
        QTest::newRow("response headers") << "/app" << prefix + "auth-response-headers=X-Auth-User";
        QTest::newRow("sign-in") << "/app"
                                 << prefix + "auth-signin=https://login.example.com/start";
        QTest::newRow("a route's own")
            << "/api"
            << prefix + "auth-url=http://auth.default.svc.cluster.local:80/verify?scope=api";
        QTest::newRow("two fields")
            << "/api" << prefix + "auth-response-headers=X-Auth-User,X-Auth-Email";
    }
    void externalAuthAnnotations() {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        const ExportResult result =
            KubernetesExporter().exportTopology(externalAuthTopology(18088, 19001, 19002), {});
        const QStringList annotations = annotationsFor(result, "auth.test", path.toStdString());
        QVERIFY2(annotations.contains(expected), qPrintable(annotations.join(u'\n')));
        QVERIFY(!annotationsFor(result, "auth.test", "/api")
                     .contains(QStringLiteral("nginx.ingress.kubernetes.io/auth-signin=https://"
                                              "login.example.com/start")));
        QVERIFY(annotationsFor(result, "open.test", "/").filter(QStringLiteral("auth-")).isEmpty());
        QVERIFY(hasWarning(result, QStringLiteral("host auth.test: ingress-nginx answers a 401 or "
                                                  "403 of the auth service with its own page")));
    }

    void policyGrouping() {
        const ExportResult result = KubernetesExporter().exportTopology(policyFeatures(), {});
        // Same host, other policies: other Ingresses. Same policy and scope: one Ingress.
        QVERIFY(annotationsFor(result, "policy.test", "/denied") !=
                annotationsFor(result, "policy.test", "/allowed"));
        QCOMPARE(annotationsFor(result, "limits.test", "/a"),
                 annotationsFor(result, "limits.test", "/b"));
        QVERIFY(annotationsFor(result, "limits.test", "/b") !=
                annotationsFor(result, "limits.test", "/c"));
    }

    void policySecret() {
        ExportOptions options;
        options.includeSecrets = true;
        const ExportResult result = KubernetesExporter().exportTopology(policyFeatures(), options);
        QVERIFY(result.mainTextHasSecrets);
        bool found = false;
        for (const YAML::Node &secret : documents(result, "Secret")) {
            if (secret["metadata"]["name"].as<std::string>() != "basic-auth-users")
                continue;
            found = true;
            QCOMPARE(secret["type"].as<std::string>(), std::string("Opaque"));
            const QByteArray auth = QByteArray::fromBase64(
                QByteArray::fromStdString(secret["data"]["auth"].as<std::string>()));
            QVERIFY2(auth.startsWith("alice:$6$"), auth.constData());
        }
        QVERIFY(found);
        const ExportResult withoutSecrets =
            KubernetesExporter().exportTopology(policyFeatures(), {});
        QVERIFY(!withoutSecrets.mainTextHasSecrets);
        QVERIFY(!withoutSecrets.mainText.contains("YWxpY2U6")); // "alice:" in base64
        QVERIFY(hasWarning(withoutSecrets,
                           QStringLiteral("host policy.test, route #4 (Prefix /private): Secret "
                                          "basic-auth-users is written without the htpasswd "
                                          "file")));
    }

    void policyReports_data() {
        QTest::addColumn<QString>("expected");
        QTest::newRow("burst is a multiple")
            << "host limits.test, route #3 (Prefix /c): ingress-nginx's burst is the rate times "
               "limit-burst-multiplier (at least 1): burst 0 is exported as 3";
        QTest::newRow("503 for rates")
            << "host limits.test: ingress-nginx answers 503 to requests over the limit unless its "
               "ConfigMap sets limit-req-status-code: \"429\"";
        QTest::newRow("503 for connections") << "limit-conn-status-code: \"429\"";
        QTest::newRow("no header key")
            << "host limits.test: ingress-nginx limits per client address only";
        QTest::newRow("trusted proxies")
            << "listener http: trusted proxies are the ingress controller's ConfigMap";
    }
    void policyReports() {
        QFETCH(QString, expected);
        QVERIFY(hasWarning(KubernetesExporter().exportTopology(policyFeatures(), {}), expected));
    }

    // CORS as ingress-nginx's cors annotations (credentials always written: its default is on);
    // security headers have no Ingress annotation and are reported with the ConfigMap keys.
    void browserAnnotations_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        const QString prefix = QStringLiteral("nginx.ingress.kubernetes.io/");
        QTest::newRow("enabled") << "/" << prefix + "enable-cors=true";
        QTest::newRow("origins")
            << "/" << prefix + "cors-allow-origin=https://app.example.com,https://*.example.org";
        QTest::newRow("methods") << "/" << prefix + "cors-allow-methods=GET, POST";
        QTest::newRow("headers")
            << "/"
            << prefix + "cors-allow-headers=DNT, Keep-Alive, User-Agent, X-Requested-With, "
                        "If-Modified-Since, Cache-Control, Content-Type, Range, Authorization";
        QTest::newRow("expose") << "/" << prefix + "cors-expose-headers=X-Request-Id";
        QTest::newRow("credentials") << "/" << prefix + "cors-allow-credentials=true";
        QTest::newRow("max age") << "/" << prefix + "cors-max-age=600";
        QTest::newRow("any origin") << "/open" << prefix + "cors-allow-origin=*";
        QTest::newRow("credentials off") << "/open" << prefix + "cors-allow-credentials=false";
        QTest::newRow("with the deny list") << "/closed" << prefix + "enable-cors=true";
    }
    void browserAnnotations() {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        const ExportResult result =
            KubernetesExporter().exportTopology(browserTopology(18086, {19001, 19002}), {});
        const QStringList annotations = annotationsFor(result, "cors.test", path.toStdString());
        QVERIFY2(annotations.contains(expected), qPrintable(annotations.join(u'\n')));
    }

    void browserReports() {
        const ExportResult result =
            KubernetesExporter().exportTopology(browserTopology(18086, {19001, 19002}), {});
        // A route without origins has no CORS.
        QVERIFY(!annotationsFor(result, "cors.test", "/none")
                     .contains(QStringLiteral("nginx.ingress.kubernetes.io/enable-cors=true")));
        QVERIFY(hasWarning(result, QStringLiteral("host cors.test: ingress-nginx's '*' in an "
                                                  "origin stands for one label")));
        QVERIFY(
            hasWarning(result, QStringLiteral("host cors.test: ingress-nginx has no annotation for "
                                              "security headers")));
        QVERIFY(hasWarning(result, QStringLiteral("hsts: \"true\", hsts-max-age: \"31536000\", "
                                                  "hsts-include-subdomains: \"false\", "
                                                  "hsts-preload: \"false\"; add-headers naming a "
                                                  "ConfigMap with X-Content-Type-Options: "
                                                  "nosniff")));
    }

    void otherControllersGetNoPolicies() {
        ExportOptions options;
        options.annotationProfile = AnnotationProfile::Traefik;
        const ExportResult result = KubernetesExporter().exportTopology(policyFeatures(), options);
        QVERIFY(!result.mainText.contains("source-range"));
        QVERIFY(hasWarning(result, QStringLiteral("host policy.test, route #1 (Prefix /denied): "
                                                  "policies are exported as ingress-nginx "
                                                  "annotations only")));
    }

    // ingress-nginx's affinity is an Ingress annotation: the paths of each sticky service sit
    // in Ingresses with its cookie, never beside paths to a service without one.
    void stickySessionAnnotations() {
        const QString prefix = QStringLiteral("nginx.ingress.kubernetes.io/");
        const ExportResult result =
            KubernetesExporter().exportTopology(stickyTopology(18087, {19001, 19002, 19003}), {});
        int sticky = 0;
        for (const YAML::Node &doc : YAML::LoadAll(result.mainText.toStdString())) {
            if (!doc["kind"] || doc["kind"].as<std::string>() != "Ingress")
                continue;
            const YAML::Node annotations = doc["metadata"]["annotations"];
            auto annotation = [&](const char *name) {
                if (!annotations)
                    return QString();
                const YAML::Node value = annotations[(prefix + QLatin1String(name)).toStdString()];
                return value ? QString::fromStdString(value.as<std::string>()) : QString();
            };
            for (const YAML::Node &rule : doc["spec"]["rules"])
                for (const YAML::Node &path : rule["http"]["paths"]) {
                    const std::string service =
                        path["backend"]["service"]["name"].as<std::string>();
                    const QString where = QString::fromStdString(path["path"].as<std::string>());
                    if (service == "web") {
                        QVERIFY2(annotation("affinity").isEmpty(), qPrintable(where));
                        continue;
                    }
                    ++sticky;
                    QCOMPARE(annotation("affinity"), QStringLiteral("cookie"));
                    QCOMPARE(annotation("session-cookie-path"), QStringLiteral("/"));
                    QCOMPARE(annotation("session-cookie-change-on-failure"),
                             QStringLiteral("true"));
                    QCOMPARE(annotation("session-cookie-name"), service == "app"
                                                                    ? QStringLiteral("shop_route")
                                                                    : QStringLiteral("cart-id"));
                    QCOMPARE(annotation("session-cookie-max-age"),
                             service == "app" ? QStringLiteral("3600") : QString());
                    QCOMPARE(annotation("session-cookie-expires"),
                             service == "app" ? QStringLiteral("3600") : QString());
                }
        }
        QCOMPARE(sticky, 3); // "/", "/cart" and the split's heaviest backend (app)
        QVERIFY(hasWarning(result, QStringLiteral("affinity cookie values are its own")));
    }

    void stickySessionOtherProfiles() {
        ExportOptions options;
        options.annotationProfile = AnnotationProfile::HAProxy;
        const Topology topology = stickyTopology(18087, {19001, 19002, 19003});
        const ExportResult haproxy = KubernetesExporter().exportTopology(topology, options);
        verifyMainTextContains(haproxy,
                               QStringLiteral("haproxy.org/cookie-persistence: \"shop_route\""));
        QVERIFY(hasWarning(haproxy, QStringLiteral("cookie-persistence has no Max-Age")));
        options.annotationProfile = AnnotationProfile::Traefik;
        const ExportResult traefik = KubernetesExporter().exportTopology(topology, options);
        QVERIFY(hasWarning(traefik, QStringLiteral("Traefik reads sticky sessions from Service "
                                                   "annotations")));
        QVERIFY(!traefik.mainText.contains("cookie"));
    }
};

QTEST_GUILESS_MAIN(TestKubernetesExporter)
#include "tst_kubernetesexporter.moc"
