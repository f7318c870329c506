#include <QDir>
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

void TestCliExport::unknownFormat() {
    QCOMPARE(run({QStringLiteral("--format"), QStringLiteral("apache"), shop()}), 2);
    QCOMPARE(run({QStringLiteral("--format"), QStringLiteral("nginx"),
                  QStringLiteral("/no/such/file.yaml")}),
             2);
}

QTEST_GUILESS_MAIN(TestCliExport)
#include "tst_cli_export.moc"
