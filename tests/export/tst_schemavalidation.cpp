// The Kubernetes and Gateway API exports against the official schemas, offline, with npm's
// kubernetes-models (tests/export/schema; `tests/export/schema/setup.sh` installs it).

#include "export/exporterregistry.h"
#include "tests/export/exporttesthelpers.h"
#include "tests/export/testtopologies.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::testing;

class TestSchemaValidation : public QObject {
    Q_OBJECT
    QTemporaryDir m_files; // htpasswd files of the policy topology
    PolicyFiles m_htpasswd;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_files.isValid());
        m_htpasswd = writePolicyFiles(m_files.path());
        QVERIFY(!m_htpasswd.users.isEmpty());
    }

    void validates_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<Topology>("topology");
        QTest::addColumn<AnnotationProfile>("profile");
        const QString data = QStringLiteral(INGRESS_TEST_DATA);
        for (const char *format : {"kubernetes", "gateway-api"}) {
            QTest::addRow("%s shop", format)
                << QString::fromLatin1(format) << shopTopology(18080, {19001, 19002, 19003, 19004})
                << AnnotationProfile::IngressNginx;
            QTest::addRow("%s shop with TLS", format)
                << QString::fromLatin1(format)
                << shopTopology(18080, {19001, 19002, 19003, 19004}, data, 18443)
                << AnnotationProfile::HAProxy;
            QTest::addRow("%s redirects", format)
                << QString::fromLatin1(format) << redirectTopology(18082, {19001, 19002})
                << AnnotationProfile::Traefik;
            QTest::addRow("%s default only", format)
                << QString::fromLatin1(format) << defaultOnlyTopology(18081, 19001)
                << AnnotationProfile::IngressNginx;
            QTest::addRow("%s features", format)
                << QString::fromLatin1(format)
                << featuresTopology(18084, {19001, 19002, 19003, 19004})
                << AnnotationProfile::IngressNginx;
            QTest::addRow("%s sticky sessions", format)
                << QString::fromLatin1(format) << stickyTopology(18087, {19001, 19002, 19003})
                << AnnotationProfile::IngressNginx;
            QTest::addRow("%s policies", format)
                << QString::fromLatin1(format)
                << policyFeaturesTopology(18085, {19001, 19002}, m_htpasswd.users, m_htpasswd.mixed)
                << AnnotationProfile::IngressNginx;
            QTest::addRow("%s cors and security headers", format)
                << QString::fromLatin1(format)
                << browserTopology(18086, {19001, 19002}, data, 18443)
                << AnnotationProfile::IngressNginx;
        }
    }
    void validates() {
        QFETCH(QString, format);
        QFETCH(Topology, topology);
        QFETCH(AnnotationProfile, profile);
        const QString schemaDir = QStringLiteral(INGRESS_SCHEMA_DIR);
        if (!QFileInfo::exists(schemaDir + QStringLiteral("/node_modules/kubernetes-models")))
            INGRESS_MISSING_PEER("run tests/export/schema/setup.sh (npm) for the schema check");
        INGRESS_REQUIRE_TOOL(node, "node");
        ExportOptions options;
        options.annotationProfile = profile;
        options.includeSecrets = true;
        const ExportResult result =
            ExporterRegistry::find(format)->exportTopology(topology, options);
        QTemporaryDir dir;
        QVERIFY(writeExport(result, dir.path()));
        const ToolRun run = runTool(
            node, {schemaDir + QStringLiteral("/validate.mjs"), dir.filePath(result.mainFileName)},
            schemaDir);
        if (run.exitCode != 0)
            qWarning().noquote() << QString::fromUtf8(result.mainText);
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        QVERIFY2(run.output.contains(QStringLiteral(" 0 invalid, 0 unknown")),
                 qPrintable(run.output));
    }

    // The check must be able to fail.
    void invalidObjectIsRejected() {
        const QString schemaDir = QStringLiteral(INGRESS_SCHEMA_DIR);
        if (!QFileInfo::exists(schemaDir + QStringLiteral("/node_modules/kubernetes-models")))
            INGRESS_MISSING_PEER("run tests/export/schema/setup.sh (npm) for the schema check");
        INGRESS_REQUIRE_TOOL(node, "node");
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("bad.yaml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: x}\n"
                   "spec: {rules: [{http: {paths: [{path: /, pathType: Sometimes}]}}]}\n");
        file.close();
        const ToolRun run = runTool(
            node, {schemaDir + QStringLiteral("/validate.mjs"), file.fileName()}, schemaDir);
        QCOMPARE(run.exitCode, 1);
    }
};

INGRESS_PEER_TEST_MAIN(TestSchemaValidation)
#include "tst_schemavalidation.moc"
