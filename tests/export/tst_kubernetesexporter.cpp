#include "exporttesthelpers.h"
#include "kubernetesexporter.h"
#include "testtopologies.h"

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
} // namespace

class TestKubernetesExporter : public QObject {
    Q_OBJECT
private Q_SLOTS:
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
};

QTEST_GUILESS_MAIN(TestKubernetesExporter)
#include "tst_kubernetesexporter.moc"
