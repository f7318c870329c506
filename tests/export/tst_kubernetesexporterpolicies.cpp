// The Kubernetes export's policies: ingress-nginx annotations (access lists, basic auth and its
// Secret, limits, external auth, CORS and security headers, affinity), how routes sharing a
// policy group into one Ingress, and what other controllers' profiles report instead.
#include "export/kubernetesexporter.h"
#include "tests/export/authtopology.h"
#include "tests/export/exporttesthelpers.h"
#include "tests/export/manifestdocuments.h"
#include "tests/export/testtopologies.h"

#include <QTemporaryDir>
#include <QTest>
#include <yaml-cpp/yaml.h>

using namespace ingress;
using namespace ingress::testing;

namespace {
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
} // namespace

class TestKubernetesExporterPolicies : public QObject {
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

QTEST_GUILESS_MAIN(TestKubernetesExporterPolicies)
#include "tst_kubernetesexporterpolicies.moc"
