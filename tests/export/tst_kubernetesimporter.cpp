#include "export/gatewayapiexporter.h"
#include "export/kubernetesexporter.h"
#include "export/kubernetesimporter.h"
#include "export/nginxexporter.h"
#include "model/routing/routingtable.h"
#include "model/validation/validator.h"
#include "tests/common/diagnosticstext.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using ingress::testing::dump;

namespace {
QString dataFile(const QString &name) {
    return QStringLiteral(INGRESS_TEST_DATA "/k8s/") + name;
}
bool mentions(const Diagnostics &diagnostics, Severity severity, const QString &part,
              int line = 0) {
    for (const Diagnostic &d : diagnostics)
        if (d.severity == severity && d.message.contains(part) &&
            (line == 0 || d.location.line == line))
            return true;
    return false;
}
} // namespace

class TestKubernetesImporter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void documentationExamples_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("hosts");
        QTest::addColumn<int>("routes");
        QTest::addColumn<QString>("defaultService");
        QTest::newRow("simple fanout")
            << "simple-fanout.yaml" << QStringList{"foo.bar.com"} << 2 << QString();
        QTest::newRow("name-based virtual hosting")
            << "name-virtual-host.yaml" << QStringList{"foo.bar.com", "bar.foo.com"} << 2
            << QString();
        QTest::newRow("tls") << "tls.yaml" << QStringList{"https-example.foo.com"} << 1
                             << QString();
        QTest::newRow("wildcard host and default backend")
            << "wildcard-host.yaml" << QStringList{"foo.bar.com", "*.foo.com"} << 2 << "fallback";
        QTest::newRow("flow style, named port, v1beta1")
            << "flow-style.yaml" << QStringList{"shop.example.com"} << 2 << QString();
    }
    void documentationExamples() {
        QFETCH(QString, file);
        QFETCH(QStringList, hosts);
        QFETCH(int, routes);
        QFETCH(QString, defaultService);
        const ImportResult result = KubernetesImporter::importFiles({dataFile(file)});
        QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
        QStringList names;
        int routeCount = 0;
        for (const VirtualHost &host : result.topology.hosts) {
            names << host.host;
            routeCount += int(host.routes.size());
        }
        QCOMPARE(names, hosts);
        QCOMPARE(routeCount, routes);
        QCOMPARE(result.topology.defaultService, defaultService);
    }

    void details() {
        const ImportResult fanout =
            KubernetesImporter::importFiles({dataFile("simple-fanout.yaml")});
        QCOMPARE(fanout.topology.hosts[0].routes[0].firstMatch().path, QStringLiteral("/foo"));
        QCOMPARE(fanout.topology.findService("service1")->port, 4200);
        QVERIFY(mentions(fanout.diagnostics, Severity::Warning, "not defined in the input"));

        const ImportResult tls = KubernetesImporter::importFiles({dataFile("tls.yaml")});
        QCOMPARE(tls.topology.hosts[0].tls, QStringLiteral("testsecret-tls"));
        QVERIFY(tls.files.value("certs/testsecret-tls.crt").startsWith("-----BEGIN CERTIFICATE"));
        QCOMPARE(tls.topology.listeners.size(), 2);

        const ImportResult flow = KubernetesImporter::importFiles({dataFile("flow-style.yaml")});
        const Service *web = flow.topology.findService("web");
        QVERIFY(web);
        QCOMPARE(web->port, 8080);
        QCOMPARE(web->nodePort, std::optional<int>(30080));
        QCOMPARE(web->type, ServiceType::NodePort);
        QCOMPARE(web->nameSpace, QStringLiteral("shop"));
        QCOMPARE(flow.topology.hosts[0].routes[0].firstMatch().pathType, PathType::Exact);
        QVERIFY(mentions(flow.diagnostics, Severity::Info, "removed in Kubernetes 1.22", 6));
        QVERIFY(mentions(flow.diagnostics, Severity::Warning, "example.com/unknown", 12));

        const ImportResult wildcard =
            KubernetesImporter::importFiles({dataFile("wildcard-host.yaml")});
        QVERIFY(mentions(wildcard.diagnostics, Severity::Info, "Deployment is not imported", 43));
    }

    // The Kubernetes documentation's minimal Ingress: a rule without 'host' is a route of the
    // host '*', and its rewrite-target '/' (no capture groups) replaces the whole path.
    void ruleWithoutHost() {
        const ImportResult result =
            KubernetesImporter::importFiles({dataFile("minimal-ingress.yaml")});
        QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
        QCOMPARE(result.topology.hosts.size(), 1);
        const VirtualHost &every = result.topology.hosts[0];
        QVERIFY(every.isCatchAll());
        QCOMPARE(every.routes.size(), 1);
        QCOMPARE(every.routes[0].firstMatch().path, QStringLiteral("/testpath"));
        QCOMPARE(every.routes[0].firstMatch().pathType, PathType::Prefix);
        QCOMPARE(every.routes[0].service, QStringLiteral("test"));
        QCOMPARE(every.routes[0].rewritePath, std::optional(QStringLiteral("/")));
        QVERIFY(result.topology.defaultService.isEmpty());
        const RoutingTablePtr table = RoutingTable::compile(result.topology);
        RequestInfo request;
        request.host = "anything.example";
        request.path = "/testpath/a";
        const RouteMatch m = table->match(request);
        QVERIFY(m.route);
        QCOMPARE(m.upstreamPath, std::string("/"));
    }

    void reportedNotDropped() {
        const ImportResult result =
            KubernetesImporter::importFiles({dataFile("resource-backend.yaml")});
        QVERIFY(mentions(result.diagnostics, Severity::Warning, "'resource' backends", 8));
        QVERIFY(mentions(result.diagnostics, Severity::Warning, "'resource' backends", 18));
    }

    // What the topology cannot hold yet is reported at its place, never silently lost.
    void reportedWithPlace_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("TLS Secret not in the input")
            << "missing-secret.yaml" << 8 << 5
            << "TLS Secret 'cluster-only-tls' is not in the input (as a kubernetes.io/tls "
               "Secret): imported as a certificate the cluster holds";
    }
    void reportedWithPlace() {
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        const ImportResult result = KubernetesImporter::importFiles({dataFile(file)});
        QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
        bool found = false;
        for (const Diagnostic &d : result.diagnostics)
            if (d.severity == Severity::Warning && d.message.contains(message)) {
                found = true;
                QCOMPARE(d.file, dataFile(file));
                QCOMPARE(d.location.line, line);
                QCOMPARE(d.location.column, column);
            }
        QVERIFY2(found, qPrintable(dump(result.diagnostics)));
    }

    // A missing Secret becomes a certificate the cluster holds, not one whose files do not
    // exist: the result validates (a warning), exports referring to the Secret, and serves.
    void missingSecretIsHeldByTheCluster() {
        const ImportResult result =
            KubernetesImporter::importFiles({dataFile("missing-secret.yaml")});
        QVERIFY(result.ok());
        QCOMPARE(result.topology.hosts.size(), 1);
        QCOMPARE(result.topology.hosts[0].tls, QStringLiteral("cluster-only-tls"));
        QCOMPARE(result.topology.certificates.size(), 1);
        const Certificate &held = result.topology.certificates[0];
        QVERIFY(held.inCluster());
        QCOMPARE(held.secretName(), QStringLiteral("cluster-only-tls"));
        QCOMPARE(result.topology.listeners.size(), 2); // HTTP and HTTPS
        QVERIFY(!hasErrors(Validator::validate(result.topology)));
        const ExportResult exported = KubernetesExporter().exportTopology(result.topology, {});
        QVERIFY2(exported.mainText.contains("secretName: cluster-only-tls"),
                 exported.mainText.constData());
        QVERIFY2(!exported.mainText.contains("\nkind: Secret\n"), exported.mainText.constData());
        const ExportResult gateway = GatewayApiExporter().exportTopology(result.topology, {});
        QVERIFY2(gateway.mainText.contains("name: cluster-only-tls"), gateway.mainText.constData());
        QVERIFY2(!gateway.mainText.contains("\nkind: Secret\n"), gateway.mainText.constData());
        // A target that needs files says where they must come from.
        const ExportResult nginx = NginxExporter().exportTopology(result.topology, {});
        bool told = false;
        for (const ExportWarning &w : nginx.warnings)
            told = told || w.message.contains(u"held by the cluster");
        QVERIFY(told);
        // With the Secret in the input (another file) TLS stays.
        QTemporaryDir dir;
        QFile secret(dir.filePath("secret.yaml"));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write("apiVersion: v1\nkind: Secret\nmetadata: {name: cluster-only-tls}\n"
                     "type: kubernetes.io/tls\ndata: {tls.crt: QQ==, tls.key: QQ==}\n");
        secret.close();
        const ImportResult both =
            KubernetesImporter::importFiles({dataFile("missing-secret.yaml"), secret.fileName()});
        QCOMPARE(both.topology.hosts[0].tls, QStringLiteral("cluster-only-tls"));
        QVERIFY(!mentions(both.diagnostics, Severity::Warning, "is not in the input"));
    }

    // A Secret's name becomes a file name: one that is not a Kubernetes name writes nothing.
    void secretNameCannotLeaveTheProject() {
        QTemporaryDir dir;
        QFile secret(dir.filePath("secret.yaml"));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write("apiVersion: v1\nkind: Secret\nmetadata: {name: ../../escape}\n"
                     "type: kubernetes.io/tls\ndata: {tls.crt: QQ==, tls.key: QQ==}\n");
        secret.close();
        const ImportResult result = KubernetesImporter::importFiles({secret.fileName()});
        QVERIFY(result.files.isEmpty());
        QVERIFY(result.topology.certificates.isEmpty());
        QVERIFY(mentions(result.diagnostics, Severity::Error, "not a Kubernetes object name"));
    }

    // An ingress-nginx canary Ingress by weight becomes a split of the main Ingress's route.
    void canaryWeightIsASplit() {
        const ImportResult result =
            KubernetesImporter::importFiles({dataFile("canary-weight.yaml")});
        QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
        QCOMPARE(result.topology.hosts.size(), 1);
        const QList<Route> &routes = result.topology.hosts[0].routes;
        QCOMPARE(routes.size(), 1);
        QVERIFY(routes[0].service.isEmpty());
        QCOMPARE(routes[0].backends.size(), 2);
        QCOMPARE(routes[0].backends[0].service, QStringLiteral("food"));
        QCOMPARE(routes[0].backends[0].weight, 80);
        QCOMPARE(routes[0].backends[1].service, QStringLiteral("food-canary"));
        QCOMPARE(routes[0].backends[1].weight, 20);
        // A canary path without a main route is reported, not dropped silently.
        QVERIFY2(mentions(result.diagnostics, Severity::Warning, "canary Ingress path /lonely", 38),
                 qPrintable(dump(result.diagnostics)));
    }

    void broken_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("wrong apiVersion")
            << "wrong-apiversion.yaml" << 1 << "unsupported apiVersion 'networking.k8s.io/v2'";
        QTest::newRow("missing pathType")
            << "missing-fields.yaml" << 10 << "missing required field 'pathType'";
        QTest::newRow("missing port")
            << "missing-fields.yaml" << 13 << "missing required field 'port'";
        QTest::newRow("invalid YAML") << "invalid.yaml" << 6 << "invalid YAML";
        QTest::newRow("no such file") << "absent.yaml" << 0 << "cannot read";
    }
    void broken() {
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(QString, message);
        const ImportResult result = KubernetesImporter::importFiles({dataFile(file)});
        QVERIFY(!result.ok());
        QVERIFY2(mentions(result.diagnostics, Severity::Error, message, line),
                 qPrintable(dump(result.diagnostics)));
        for (const Diagnostic &d : result.diagnostics)
            QVERIFY(d.toString().startsWith(dataFile(file)));
    }

    void endpointBinding() {
        const ImportResult result = KubernetesImporter::importFiles(
            {dataFile("simple-fanout.yaml")}, {{"service1", "127.0.0.1:9001"}, {"nope", "x:1"}});
        QCOMPARE(result.topology.findService("service1")->endpoints.size(), 1);
        QVERIFY(mentions(result.diagnostics, Severity::Error, "no service 'nope'"));
        // A service the input lacks is a warning, unless a binding gives it endpoints.
        QVERIFY2(!mentions(result.diagnostics, Severity::Warning,
                           "service 'service1' is not defined in the input"),
                 qPrintable(dump(result.diagnostics)));
        QVERIFY2(mentions(result.diagnostics, Severity::Warning,
                          "service 'service2' is not defined in the input"),
                 qPrintable(dump(result.diagnostics)));
    }

    // NAMESPACE/SERVICE picks one of several services of that name; SERVICE keeps its meaning.
    void endpointBindingWithNamespace() {
        const QByteArray yaml =
            "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n"
            "spec: {ports: [{port: 80}]}\n---\n"
            "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
            "spec: {ports: [{port: 81}]}\n";
        auto importWith = [&](const KubernetesImporter::EndpointBindings &bindings) {
            KubernetesImporter importer;
            importer.addData(yaml, QStringLiteral("two.yaml"));
            return importer.finish(bindings);
        };
        // The topology names a service once: one of them is renamed "web-NAMESPACE".
        auto endpointsOf = [](const ImportResult &r, const QString &nameSpace) {
            for (const Service &s : r.topology.services)
                if (s.name.startsWith(u"web") && s.nameSpace == nameSpace)
                    return s.endpoints.size();
            return qsizetype(-1);
        };
        const ImportResult shop = importWith({{"shop/web", "127.0.0.1:9001"}});
        QVERIFY2(shop.ok(), qPrintable(dump(shop.diagnostics)));
        QCOMPARE(endpointsOf(shop, "shop"), 1);
        QCOMPARE(endpointsOf(shop, ""), 0);
        const ImportResult plain = importWith({{"default/web", "127.0.0.1:9001"}});
        QVERIFY(plain.ok());
        QCOMPARE(endpointsOf(plain, "shop"), 0);
        QCOMPARE(endpointsOf(plain, ""), 1);
        const ImportResult bare = importWith({{"web", "127.0.0.1:9001"}});
        QVERIFY(bare.ok());
        QCOMPARE(endpointsOf(bare, "shop") + endpointsOf(bare, ""), 1);
        const ImportResult wrong = importWith({{"other/web", "127.0.0.1:9001"}});
        QVERIFY(
            mentions(wrong.diagnostics, Severity::Error, "no service 'web' in namespace 'other'"));
    }

    // Bindings replace the endpoints an export carried (cluster addresses mean nothing
    // locally); several bindings of one service add up.
    void endpointBindingReplaces() {
        const ImportResult first = KubernetesImporter::importFiles(
            {dataFile("simple-fanout.yaml")}, {{"service1", "127.0.0.1:9001"}});
        QVERIFY(first.ok());
        QTemporaryDir dir;
        KubernetesExporter exporter;
        const QString exported = dir.filePath("exported.yaml");
        QFile out(exported);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(exporter.exportTopology(first.topology, {}).mainText);
        out.close();
        const ImportResult again = KubernetesImporter::importFiles(
            {exported}, {{"service1", "127.0.0.1:9101"}, {"service1", "127.0.0.1:9102"}});
        QVERIFY2(again.ok(), qPrintable(dump(again.diagnostics)));
        const Service *service = again.topology.findService("service1");
        QVERIFY(service);
        QCOMPARE(service->endpoints.size(), 2);
        QCOMPARE(service->endpoints[0].address, QStringLiteral("127.0.0.1:9101"));
        QCOMPARE(service->endpoints[1].address, QStringLiteral("127.0.0.1:9102"));
    }

    // Import -> export kubernetes -> import gives the same topology.
    void roundTrip_data() {
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<QString>("bound"); // a service given a local endpoint
        QTest::newRow("simple fanout") << QStringList{"simple-fanout.yaml"} << "service1";
        QTest::newRow("virtual hosts") << QStringList{"name-virtual-host.yaml"} << "service2";
        QTest::newRow("tls") << QStringList{"tls.yaml"} << "service1";
        QTest::newRow("wildcard") << QStringList{"wildcard-host.yaml"} << "fallback";
        QTest::newRow("flow") << QStringList{"flow-style.yaml"} << "web";
        QTest::newRow("merged") << QStringList{"simple-fanout.yaml", "wildcard-host.yaml"}
                                << "service1";
    }
    void roundTrip() {
        QFETCH(QStringList, files);
        QFETCH(QString, bound);
        QStringList paths;
        for (const QString &f : files)
            paths << dataFile(f);
        const ImportResult first =
            KubernetesImporter::importFiles(paths, {{bound, "127.0.0.1:9001"}});
        QVERIFY2(first.ok(), qPrintable(dump(first.diagnostics)));
        const ExportResult exported = KubernetesExporter().exportTopology(first.topology, {});
        KubernetesImporter again;
        again.addData(exported.mainText, QStringLiteral("exported.yaml"));
        const ImportResult second = again.finish();
        QVERIFY2(second.ok(), qPrintable(dump(second.diagnostics)));
        if (!(second.topology == first.topology))
            qWarning().noquote() << QString::fromUtf8(exported.mainText);
        QVERIFY(second.topology == first.topology);
    }
};

QTEST_GUILESS_MAIN(TestKubernetesImporter)
#include "tst_kubernetesimporter.moc"
