#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// `ingress-studio-cli import --from kubernetes`, run as a user would: --endpoint in both forms,
// a Gateway API manifest to a project, and an Ingress with basic auth whose htpasswd file is
// written next to the project.
class TestCliImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void endpoint_data();
    void endpoint();
    void badEndpoint_data();
    void badEndpoint();
    void gatewayApiProject();
    void basicAuthProject();

private:
    struct Run {
        int exitCode = -1;
        QString out, err;
    };
    static Run run(const QStringList &args) {
        QProcess process;
        process.start(QStringLiteral(INGRESS_BIN_DIR "/ingress-studio-cli"),
                      QStringList{QStringLiteral("import"), QStringLiteral("--from"),
                                  QStringLiteral("kubernetes"), twoNamespaces()} +
                          args);
        if (!process.waitForFinished(30000))
            return {};
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }
    static QString twoNamespaces() {
        return QStringLiteral(INGRESS_TEST_DATA "/import-two-namespaces.yaml");
    }
};

void TestCliImport::endpoint_data() {
    QTest::addColumn<QString>("binding");
    QTest::addColumn<QString>("boundNamespace"); // the service that gets 127.0.0.1:9001
    QTest::newRow("NAMESPACE/SERVICE") << "shop/web=127.0.0.1:9001"
                                       << "shop";
    QTest::newRow("default/SERVICE") << "default/web=127.0.0.1:9001"
                                     << "";
    QTest::newRow("SERVICE: the last of that name") << "web=127.0.0.1:9001"
                                                    << "";
}

void TestCliImport::endpoint() {
    QFETCH(QString, binding);
    QFETCH(QString, boundNamespace);
    const Run r = run({QStringLiteral("--endpoint"), binding});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // The topology lists services in input order: shop/web first, then default/web.
    const qsizetype shop = r.out.indexOf(QStringLiteral("namespace: shop"));
    const qsizetype bound = r.out.indexOf(QStringLiteral("127.0.0.1:9001"));
    QVERIFY2(shop >= 0 && bound >= 0, qPrintable(r.out));
    const qsizetype secondWeb = r.out.indexOf(QStringLiteral("name: web"), shop);
    if (boundNamespace.isEmpty())
        QVERIFY2(bound > secondWeb && secondWeb > shop, qPrintable(r.out));
    else
        QVERIFY2(bound > shop && bound < secondWeb, qPrintable(r.out));
    QCOMPARE(r.out.count(QStringLiteral("127.0.0.1:9001")), 1);
}

void TestCliImport::badEndpoint_data() {
    QTest::addColumn<QString>("binding");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("said");
    QTest::newRow("no =") << "web" << 2 << "expects [NAMESPACE/]SERVICE=HOST:PORT";
    QTest::newRow("empty namespace") << "/web=127.0.0.1:1" << 2 << "expects";
    QTest::newRow("empty service") << "shop/=127.0.0.1:1" << 2 << "expects";
    QTest::newRow("two slashes") << "a/b/web=127.0.0.1:1" << 2 << "expects";
    QTest::newRow("unknown namespace")
        << "other/web=127.0.0.1:1" << 1 << "no service 'web' in namespace 'other'";
}

void TestCliImport::badEndpoint() {
    QFETCH(QString, binding);
    QFETCH(int, exitCode);
    QFETCH(QString, said);
    const Run r = run({QStringLiteral("--endpoint"), binding});
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(said), qPrintable(r.err));
}

// A Gateway API manifest to a project: listeners per Gateway port, the certificate of the Secret
// in the input written next to it, the one in another namespace held by the cluster.
void TestCliImport::gatewayApiProject() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString project = dir.filePath(QStringLiteral("project.yaml"));
    QProcess process;
    process.start(QStringLiteral(INGRESS_BIN_DIR "/ingress-studio-cli"),
                  {QStringLiteral("import"), QStringLiteral("--from"), QStringLiteral("kubernetes"),
                   QStringLiteral(INGRESS_SOURCE_DIR "/tests/export/data/gateway/realistic.yaml"),
                   QStringLiteral("--endpoint"), QStringLiteral("shop/web=127.0.0.1:9001"),
                   QStringLiteral("-o"), project});
    QVERIFY(process.waitForFinished(30000));
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(process.exitCode() == 0, qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("'secret: certs/api-tls'")), qPrintable(err));
    QFile written(project);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray yaml = written.readAll();
    QVERIFY2(yaml.contains("bind: 127.0.0.1:8443") && yaml.contains("- 127.0.0.1:9001"),
             yaml.constData());
    QFile certificate(dir.filePath(QStringLiteral("certs/shop-tls.crt")));
    QVERIFY(certificate.open(QIODevice::ReadOnly));
    QVERIFY(certificate.readAll().startsWith("-----BEGIN CERTIFICATE"));
}

// auth-type: basic with its Secret: `import -o` writes the users as the htpasswd file basic auth
// reads, next to the project, and `validate` (which reads the file) passes.
void TestCliImport::basicAuthProject() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray users = "alice:$apr1$abcdefgh$h9FWgUz3n9YxylKLlR5SQ/\n";
    QFile manifest(dir.filePath(QStringLiteral("cluster.yaml")));
    QVERIFY(manifest.open(QIODevice::WriteOnly));
    manifest.write("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: admin\n"
                   "  namespace: shop\n  annotations:\n"
                   "    nginx.ingress.kubernetes.io/auth-type: basic\n"
                   "    nginx.ingress.kubernetes.io/auth-secret: admin-users\n"
                   "    nginx.ingress.kubernetes.io/auth-realm: Admins\n"
                   "spec:\n  rules:\n  - host: admin.example.com\n    http:\n      paths:\n"
                   "      - path: /\n        pathType: Prefix\n        backend:\n"
                   "          service: {name: admin, port: {number: 80}}\n"
                   "---\napiVersion: v1\nkind: Secret\nmetadata: {name: admin-users, namespace: "
                   "shop}\ntype: Opaque\ndata:\n  auth: " +
                   users.toBase64() + "\n");
    manifest.close();
    const QString project = dir.filePath(QStringLiteral("project.yaml"));
    const auto cli = [](const QStringList &args) {
        QProcess process;
        process.start(QStringLiteral(INGRESS_BIN_DIR "/ingress-studio-cli"), args);
        process.waitForFinished(30000);
        return std::pair{process.exitCode(), QString::fromUtf8(process.readAllStandardError())};
    };
    const auto [imported, importErr] =
        cli({QStringLiteral("import"), QStringLiteral("--from"), QStringLiteral("kubernetes"),
             manifest.fileName(), QStringLiteral("--endpoint"),
             QStringLiteral("shop/admin=127.0.0.1:9001"), QStringLiteral("-o"), project});
    QVERIFY2(imported == 0, qPrintable(importErr));
    QFile htpasswd(dir.filePath(QStringLiteral("certs/admin-users.htpasswd")));
    QVERIFY2(htpasswd.open(QIODevice::ReadOnly), qPrintable(importErr));
    QCOMPARE(htpasswd.readAll(), users);
    QFile written(project);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray yaml = written.readAll();
    QVERIFY2(yaml.contains("htpasswd: certs/admin-users.htpasswd"), yaml.constData());
    const auto [validated, validateErr] = cli({QStringLiteral("validate"), project});
    QVERIFY2(validated == 0, qPrintable(validateErr));
    QVERIFY2(!validateErr.contains(QStringLiteral("htpasswd-file")), qPrintable(validateErr));
}

QTEST_GUILESS_MAIN(TestCliImport)
#include "tst_cli_import.moc"
