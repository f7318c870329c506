#include "export/gatewayapiexporter.h"
#include "model/validation/validator.h"
#include "model/yaml/topologyloader.h"
#include "tests/export/gatewayimporttesthelpers.h"
#include "tests/export/testtopologies.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::gatewayimporttest;

// Gateway API imports as a whole: a realistic manifest, import -> save -> load, the Gateway API
// export read back, --endpoint, EndpointSlices, Ingresses next to Gateways, broken input.
class TestGatewayImportRoundTrip : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void realisticManifest();
    void roundTrip_data();
    void roundTrip();
    void endpointBindings();
    void ingressNextToGateway();
    void exportThenImport_data();
    void exportThenImport();
    void endpointSlices_data();
    void endpointSlices();
    void malformed_data();
    void malformed();
};

void TestGatewayImportRoundTrip::realisticManifest() {
    const ImportResult result = KubernetesImporter::importFiles({dataFile("realistic.yaml")});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const Topology &t = result.topology;
    QCOMPARE(t.name, QStringLiteral("shop-gw"));
    QStringList listeners;
    for (const Listener &l : t.listeners)
        listeners << QStringLiteral("%1=%2").arg(l.name, l.bind);
    // The two HTTPS listeners on 8443 share one topology listener, told apart by host.
    QCOMPARE(listeners,
             (QStringList{"shop-gw-http=127.0.0.1:8080", "shop-gw-https=127.0.0.1:8443"}));
    QCOMPARE(hostsOnListeners(t),
             (QStringList{"www.shop.example@shop-gw-https", "api.shop.example@shop-gw-https",
                          "www.shop.example@shop-gw-http", "api.shop.example@shop-gw-http",
                          "*@shop-gw-http"}));
    const VirtualHost *www = findHost(t, QStringLiteral("www.shop.example"), "shop-gw-https");
    QCOMPARE(www->tls, QStringLiteral("shop-tls"));
    QCOMPARE(www->routes.size(), 2);
    QCOMPARE(www->routes[0].service, QStringLiteral("static"));
    const VirtualHost *api = findHost(t, QStringLiteral("api.shop.example"), "shop-gw-https");
    QCOMPARE(api->tls, QStringLiteral("api-tls"));
    QCOMPARE(api->routes[0].backends.size(), 2);
    QCOMPARE(api->routes[0].firstMatch().headers.size(), 1);
    QCOMPARE(api->routes[0].timeout, Duration(5000));
    const VirtualHost *plain = findHost(t, QStringLiteral("api.shop.example"), "shop-gw-http");
    QCOMPARE(plain->routes.size(), 1);
    QCOMPARE(plain->routes[0].redirect->code, 301);
    QCOMPARE(plain->routes[0].redirect->scheme, QStringLiteral("https"));
    QVERIFY(t.findCertificate("api-tls")->inCluster());
    QCOMPARE(t.findCertificate("api-tls")->secret, QStringLiteral("certs/api-tls"));
    QVERIFY(!t.findCertificate("shop-tls")->inCluster());
    QVERIFY(result.files.value("certs/shop-tls.crt").startsWith("-----BEGIN CERTIFICATE"));
    QCOMPARE(t.findService("web")->port, 80);
    QCOMPARE(t.findService("web")->selector.value("app"), QStringLiteral("web"));
    QCOMPARE(t.services.size(), 4);
}

void TestGatewayImportRoundTrip::roundTrip_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("realistic") << "realistic.yaml";
    QTest::newRow("fields") << "fields.yaml";
    QTest::newRow("invalid references") << "invalid-refs.yaml";
}

// import -> save -> load gives the same topology, and it validates without errors.
void TestGatewayImportRoundTrip::roundTrip() {
    QFETCH(QString, file);
    const ImportResult result = KubernetesImporter::importFiles({dataFile(file)});
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString project = dir.filePath(QStringLiteral("project.yaml"));
    QString error;
    QVERIFY2(TopologyWriter::saveFile(result.topology, project, &error), qPrintable(error));
    for (auto it = result.files.begin(); it != result.files.end(); ++it) {
        QDir(dir.path()).mkpath(QStringLiteral("certs"));
        QFile out(dir.filePath(it.key()));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(it.value());
    }
    const LoadResult loaded = TopologyLoader::loadFile(project);
    QVERIFY2(loaded.ok(), qPrintable(dump(loaded.diagnostics)));
    QVERIFY(*loaded.topology == result.topology);
    QCOMPARE(TopologyWriter::toYaml(*loaded.topology), TopologyWriter::toYaml(result.topology));
    const Diagnostics problems = Validator::validate(*loaded.topology);
    QVERIFY2(!hasErrors(problems), qPrintable(dump(problems)));
}

// --endpoint binds Gateway-imported services, and brings a Service the input lacks.
void TestGatewayImportRoundTrip::endpointBindings() {
    QByteArray yaml = gatewayAndWeb;
    yaml += R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: gw}
spec:
  parentRefs: [{name: gw, sectionName: a}]
  rules:
  - backendRefs: [{name: web, port: 80}, {name: elsewhere, port: 9000}]
)";
    const ImportResult unbound = importText(yaml);
    QVERIFY(unbound.ok());
    QCOMPARE(unbound.topology.hosts[0].routes[0].service, QStringLiteral("web"));
    QVERIFY(!unbound.topology.findService("elsewhere"));

    const ImportResult bound =
        importText(yaml, {{QStringLiteral("gw/web"), QStringLiteral("127.0.0.1:9001")},
                          {QStringLiteral("gw/elsewhere"), QStringLiteral("127.0.0.1:9002")}});
    QVERIFY2(bound.ok(), qPrintable(dump(bound.diagnostics)));
    const Route &route = bound.topology.hosts[0].routes[0];
    QCOMPARE(route.backends, (QList<RouteBackend>{{QStringLiteral("web"), 1, {}},
                                                  {QStringLiteral("elsewhere"), 1, {}}}));
    QCOMPARE(bound.topology.findService("web")->endpoints,
             (QList<Endpoint>{{QStringLiteral("127.0.0.1:9001"), 1, {}}}));
    QCOMPARE(bound.topology.findService("elsewhere")->endpoints,
             (QList<Endpoint>{{QStringLiteral("127.0.0.1:9002"), 1, {}}}));
    QCOMPARE(bound.topology.findService("elsewhere")->port, 9000);
    QCOMPARE(bound.topology.findService("elsewhere")->nameSpace, QStringLiteral("gw"));
    QVERIFY(!hasErrors(Validator::validate(bound.topology)));
}

// Ingresses and Gateways in one input: each keeps its own listeners.
void TestGatewayImportRoundTrip::ingressNextToGateway() {
    QByteArray yaml = gatewayAndWeb;
    yaml += R"(---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: gw}
spec:
  parentRefs: [{name: gw, sectionName: b}]
  hostnames: [gateway.example]
  rules: [{backendRefs: [{name: web, port: 80}]}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: old, namespace: gw}
spec:
  rules:
  - host: ingress.example
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
)";
    const ImportResult result = importText(yaml);
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QCOMPARE(hostsOnListeners(result.topology),
             (QStringList{"ingress.example@http", "gateway.example@gw-b"}));
    QCOMPARE(result.topology.listeners.size(), 4);
    QVERIFY(!hasErrors(Validator::validate(result.topology)));
}

void TestGatewayImportRoundTrip::exportThenImport_data() {
    QTest::addColumn<Topology>("topology");
    const QList<int> ports{9001, 9002, 9003, 9004};
    QTest::newRow("shop") << testing::shopTopology(8080, ports);
    QTest::newRow("split") << testing::splitTopology(8080, ports);
}

// The Gateway API export read back: the services keep their endpoints (the export's
// annotation), the hosts their routes' services and weights.
void TestGatewayImportRoundTrip::exportThenImport() {
    QFETCH(Topology, topology);
    // Gateway API's PathPrefix ignores a trailing slash; the export writes the prefix without.
    const auto trimmed = [](QString path) {
        while (path.size() > 1 && path.endsWith(u'/'))
            path.chop(1);
        return path;
    };
    const ExportResult exported = GatewayApiExporter().exportTopology(topology, {});
    KubernetesImporter importer;
    importer.addData(exported.mainText, QStringLiteral("export.yaml"));
    const ImportResult result = importer.finish();
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    const Diagnostics problems = Validator::validate(result.topology);
    QVERIFY2(!hasErrors(problems), qPrintable(dump(problems)));
    for (const Service &service : topology.services) {
        const Service *imported = result.topology.findService(service.name);
        QVERIFY2(imported, qPrintable(service.name));
        QCOMPARE(imported->endpoints, service.endpoints);
        QCOMPARE(imported->loadBalancing, service.loadBalancing);
    }
    for (const VirtualHost &host : topology.hosts) {
        const VirtualHost *imported = findHost(result.topology, host.host);
        QVERIFY2(imported, qPrintable(host.host));
        for (const Route &route : host.routes) {
            bool found = false;
            for (const Route &candidate : imported->routes)
                found = found ||
                        (trimmed(candidate.firstMatch().path) == trimmed(route.firstMatch().path) &&
                         candidate.serviceNames() == route.serviceNames() &&
                         candidate.backends == route.backends &&
                         candidate.redirect.has_value() == route.redirect.has_value());
            QVERIFY2(found,
                     qPrintable(QStringLiteral("%1 %2").arg(host.host, route.firstMatch().path)));
        }
    }
}

void TestGatewayImportRoundTrip::endpointSlices_data() {
    QTest::addColumn<QByteArray>("annotations"); // on the Service
    QTest::addColumn<QByteArray>("slices");
    QTest::addColumn<QStringList>("endpoints");
    QTest::addColumn<QString>("reported");

    const QByteArray ipv4 = R"(---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: gw, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 9001}]
endpoints:
- {addresses: [10.0.0.1], conditions: {ready: true}}
- {addresses: [10.0.0.2]}
- {addresses: [10.0.0.3], conditions: {ready: false}}
)";
    const QByteArray ipv6 = R"(---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-2, namespace: gw, labels: {kubernetes.io/service-name: web}}
addressType: IPv6
ports: [{port: 9002}]
endpoints: [{addresses: ['::1']}]
)";
    QTest::newRow("ready endpoints of one slice")
        << QByteArray() << ipv4 << QStringList{"10.0.0.1:9001", "10.0.0.2:9001"} << QString();
    QTest::newRow("two slices add up, IPv6 in brackets")
        << QByteArray() << ipv4 + ipv6
        << QStringList{"10.0.0.1:9001", "10.0.0.2:9001", "[::1]:9002"} << QString();
    QTest::newRow("the export's annotation wins")
        << QByteArray("annotations: {ingress-studio.io/endpoints: '127.0.0.1:7000=2'}") << ipv4
        << QStringList{"127.0.0.1:7000"} << "endpoints from the ingress-studio.io/endpoints";
    QTest::newRow("a slice of a Service not in the input")
        << QByteArray() << QByteArray(ipv4).replace("service-name: web", "service-name: gone")
        << QStringList{} << "Service 'gone' is not in the input";
}

// EndpointSlices give a Service its endpoints (Gateway-imported or not), unless the export's
// annotation already does.
void TestGatewayImportRoundTrip::endpointSlices() {
    QFETCH(QByteArray, annotations);
    QFETCH(QByteArray, slices);
    QFETCH(QStringList, endpoints);
    QFETCH(QString, reported);
    QByteArray yaml = gatewayAndWeb;
    if (!annotations.isEmpty())
        yaml.replace("metadata: {name: web, namespace: gw}",
                     "metadata: {name: web, namespace: gw, " + annotations + "}");
    const ImportResult result = importText(yaml + slices);
    QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
    QStringList addresses;
    for (const Endpoint &endpoint : result.topology.findService("web")->endpoints)
        addresses << endpoint.address;
    QCOMPARE(addresses, endpoints);
    if (!reported.isEmpty())
        QVERIFY2(dump(result.diagnostics).contains(reported), qPrintable(dump(result.diagnostics)));
}

void TestGatewayImportRoundTrip::malformed_data() {
    QTest::addColumn<QByteArray>("rules");
    QTest::addColumn<QString>("reported");

    QTest::newRow("filter without its settings")
        << QByteArray("[{filters: [{type: RequestRedirect}]}]")
        << "filter RequestRedirect needs a 'requestRedirect' mapping";
    QTest::newRow("backendRef not a mapping")
        << QByteArray("[{backendRefs: [web]}]") << "a backendRef must be a mapping";
    QTest::newRow("mirror without backendRef")
        << QByteArray("[{filters: [{type: RequestMirror, requestMirror: {percent: 5}}], "
                      "backendRefs: [{name: web, port: 80}]}]")
        << "RequestMirror needs 'backendRef'";
    QTest::newRow("unknown path type")
        << QByteArray("[{matches: [{path: {type: Glob, value: /x}}], backendRefs: [{name: web, "
                      "port: 80}]}]")
        << "path type must be Exact, PathPrefix or RegularExpression, not 'Glob'";
    QTest::newRow("timeout that is not a duration")
        << QByteArray("[{timeouts: {request: soon}, backendRefs: [{name: web, port: 80}]}]")
        << "timeouts.request 'soon' is not a duration";
    QTest::newRow("rules not a list") << QByteArray("web") << "'rules' must be a list";
}

// Broken manifests are errors at their place, never a crash.
void TestGatewayImportRoundTrip::malformed() {
    QFETCH(QByteArray, rules);
    QFETCH(QString, reported);
    const QByteArray yaml = gatewayAndWeb +
                            "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
                            "metadata: {name: r, namespace: gw}\nspec:\n"
                            "  parentRefs: [{name: gw}]\n  rules: " +
                            rules + "\n";
    const ImportResult result = importText(yaml);
    QVERIFY(!result.ok());
    bool found = false;
    for (const Diagnostic &d : result.diagnostics)
        found = found || (d.severity == Severity::Error && d.message.contains(reported) &&
                          d.location.line > 0);
    QVERIFY2(found, qPrintable(dump(result.diagnostics)));
}

QTEST_GUILESS_MAIN(TestGatewayImportRoundTrip)
#include "tst_gatewayimportroundtrip.moc"
