#include "tests/common/examplecopy.h"
#include "tests/common/peertools.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// `ingress-studio-cli export`, run as a user would: every format to stdout and to -o.
class TestCliExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exportFormat_data();
    void exportFormat();
    void unknownFormat();
    void checkRunsTheTargetsTool_data();
    void checkRunsTheTargetsTool();
    void includedSecretsAreOwnerOnly_data();
    void includedSecretsAreOwnerOnly();

private:
    static int run(const QStringList &args, QByteArray *out = nullptr) {
        QProcess process;
        process.start(QStringLiteral(INGRESS_BIN_DIR "/ingress-studio-cli"),
                      QStringList{QStringLiteral("export")} + args);
        if (!process.waitForFinished(30000))
            return -1;
        if (out)
            *out = process.readAllStandardOutput();
        return process.exitCode();
    }
    static QString shop() { return QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml"); }
};

void TestCliExport::exportFormat_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("mainFile"); // written into the -o folder
    QTest::addColumn<QString>("mustContain");
    QTest::newRow("kubernetes") << "kubernetes"
                                << ""
                                << "kind: Ingress";
    QTest::newRow("gateway-api") << "gateway-api"
                                 << ""
                                 << "kind: HTTPRoute";
    QTest::newRow("nginx") << "nginx"
                           << "nginx.conf"
                           << "server_name \"food.bar.com\"";
    QTest::newRow("haproxy") << "haproxy"
                             << "haproxy.cfg"
                             << "use_backend";
    QTest::newRow("caddy") << "caddy"
                           << "Caddyfile"
                           << "reverse_proxy";
    QTest::newRow("traefik") << "traefik"
                             << ""
                             << "routers:";
}

void TestCliExport::exportFormat() {
    QFETCH(QString, format);
    QFETCH(QString, mainFile);
    QFETCH(QString, mustContain);
    QByteArray out;
    QCOMPARE(run({QStringLiteral("--format"), format, shop()}, &out), 0);
    QVERIFY2(out.contains(mustContain.toUtf8()), out.left(400).constData());

    // -o naming a folder that does not exist yet: multi-file exports create it.
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("out"));
    QCOMPARE(run({QStringLiteral("--format"), format, shop(), QStringLiteral("-o"), target}), 0);
    const QFileInfo info(target);
    QVERIFY(info.exists());
    if (info.isDir() && !mainFile.isEmpty())
        QVERIFY2(QFileInfo::exists(QDir(target).filePath(mainFile)), qPrintable(target));
}

void TestCliExport::checkRunsTheTargetsTool_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QString>("said");
    QTest::newRow("nginx") << "nginx"
                           << "nginx"
                           << "nginx -t: the configuration is valid";
    QTest::newRow("haproxy") << "haproxy"
                             << "haproxy"
                             << "haproxy -c: the configuration is valid";
    QTest::newRow("caddy") << "caddy"
                           << "caddy"
                           << "caddy validate: the configuration is valid";
    QTest::newRow("kubernetes") << "kubernetes"
                                << ""
                                << "no syntax check for this format";
}

void TestCliExport::checkRunsTheTargetsTool() {
    QFETCH(QString, format);
    QFETCH(QString, tool);
    QFETCH(QString, said);
    if (!tool.isEmpty() && ingress::testing::findTool(tool).isEmpty())
        INGRESS_MISSING_PEER("nginx, haproxy or caddy is not installed");
    QProcess process;
    process.start(QStringLiteral(INGRESS_BIN_DIR "/ingress-studio-cli"),
                  {QStringLiteral("export"), QStringLiteral("--check"), QStringLiteral("--format"),
                   format, shop()});
    QVERIFY(process.waitForFinished(30000));
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitCode(), 0);
    QVERIFY2(err.contains(said), qPrintable(err));
}

void TestCliExport::unknownFormat() {
    QCOMPARE(run({QStringLiteral("--format"), QStringLiteral("apache"), shop()}), 2);
    QCOMPARE(run({QStringLiteral("--format"), QStringLiteral("nginx"),
                  QStringLiteral("/no/such/file.yaml")}),
             2);
}

void TestCliExport::includedSecretsAreOwnerOnly_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("output");     // -o, relative to the temporary folder
    QTest::addColumn<QString>("secretFile"); // what holds the key, ditto
    QTest::newRow("nginx key file") << "nginx"
                                    << "out/"
                                    << "out/certs/bar-com.key";
    QTest::newRow("kubernetes Secret in the main file") << "kubernetes"
                                                        << "ingress.yaml"
                                                        << "ingress.yaml";
}

// --include-secrets: what holds a private key is written 0600 (the rest as the umask says).
void TestCliExport::includedSecretsAreOwnerOnly() {
    QFETCH(QString, format);
    QFETCH(QString, output);
    QFETCH(QString, secretFile);
    QTemporaryDir dir;
    const QString project = ingress::testing::copyExampleWithKeyFile(dir.path());
    QVERIFY(!project.isEmpty());
    QCOMPARE(run({QStringLiteral("--format"), format, QStringLiteral("--include-secrets"), project,
                  QStringLiteral("-o"), dir.filePath(output)}),
             0);
    QCOMPARE(QFile::permissions(dir.filePath(secretFile)),
             QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser);
}

INGRESS_PEER_TEST_MAIN(TestCliExport)
#include "tst_cli_export.moc"
