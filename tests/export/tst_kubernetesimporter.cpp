#include "kubernetesexporter.h"
#include "kubernetesimporter.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;

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
QString dump(const Diagnostics &diagnostics) {
    QStringList lines;
    for (const Diagnostic &d : diagnostics)
        lines << d.toString();
    return lines.join(u'\n');
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
        QCOMPARE(fanout.topology.hosts[0].routes[0].path, QStringLiteral("/foo"));
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
        QCOMPARE(flow.topology.hosts[0].routes[0].pathType, PathType::Exact);
        QVERIFY(mentions(flow.diagnostics, Severity::Info, "removed in Kubernetes 1.22", 6));
        QVERIFY(mentions(flow.diagnostics, Severity::Warning, "example.com/unknown", 12));

        const ImportResult wildcard =
            KubernetesImporter::importFiles({dataFile("wildcard-host.yaml")});
        QVERIFY(mentions(wildcard.diagnostics, Severity::Info, "Deployment is not imported", 43));
    }

    void reportedNotDropped() {
        const ImportResult result =
            KubernetesImporter::importFiles({dataFile("resource-backend.yaml")});
        QVERIFY(mentions(result.diagnostics, Severity::Warning, "'resource' backends", 8));
        QVERIFY(mentions(result.diagnostics, Severity::Warning, "'resource' backends", 18));
        QVERIFY(mentions(result.diagnostics, Severity::Warning, "without 'host'", 15));
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
