#include "export/gatewayapiexporter.h"
#include "export/kubernetesexporter.h"
#include "tests/export/exporttesthelpers.h"
#include "tests/export/manifestdocuments.h"
#include "tests/export/testtopologies.h"

#include <QTest>
#include <yaml-cpp/yaml.h>

using namespace ingress;
using namespace ingress::testing;

namespace {
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

ExportResult exportAs(const QString &format, const Topology &topology) {
    if (format == u"gateway-api")
        return GatewayApiExporter().exportTopology(topology, {});
    return KubernetesExporter().exportTopology(topology, {});
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
};

QTEST_GUILESS_MAIN(TestKubernetesExporter)
#include "tst_kubernetesexporter.moc"
