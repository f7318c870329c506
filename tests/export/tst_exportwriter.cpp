// Exports as written to disk (ExportWriter, used by the CLI and the GUI): whatever holds a
// private key is readable by its owner alone, for every target, whatever the umask and
// whatever file it replaces; everything else is written as the umask says.
#include "export/exporterregistry.h"
#include "export/exportwriter.h"
#include "tests/export/testtopologies.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace ingress;
using namespace ingress::testing;

namespace {

// The file's permission bits, as the kernel has them.
int modeOf(const QString &path) {
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

// Sets the umask for the scope of a test.
struct UmaskGuard {
    explicit UmaskGuard(mode_t mask) : m_old(::umask(mask)) {}
    ~UmaskGuard() { ::umask(m_old); }
    mode_t m_old;
};

} // namespace

class TestExportWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Nothing of the routing features is dropped silently: what a target cannot express is a
    // warning naming the route (and the match when the route has several).
    void routingFeatureReports_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("warning");
        QTest::newRow("nginx mirror") << "nginx"
                                      << "host multi.test, route #6 (Prefix /mirror): nginx "
                                         "cannot express mirroring to 'copy'";
        QTest::newRow("haproxy mirror") << "haproxy"
                                        << "HAProxy cannot express mirroring to 'copy'";
        QTest::newRow("caddy mirror") << "caddy"
                                      << "Caddy cannot express mirroring to 'copy'";
        QTest::newRow("traefik header add")
            << "traefik"
            << "Traefik cannot express adding header values in requestHeaders";
        QTest::newRow("traefik rewriteHost") << "traefik"
                                             << "Traefik cannot express rewriteHost";
        QTest::newRow("ingress query match")
            << "kubernetes"
            << "host multi.test, route #1 match #2 (Prefix /b): an Ingress cannot match query "
               "parameters";
        QTest::newRow("gateway respond") << "gateway-api"
                                         << "Gateway API has no direct response (respond 410)";
        QTest::newRow("traefik respond")
            << "traefik"
            << "Traefik cannot express a direct response (respond 410)";
        QTest::newRow("ingress header filter")
            << "kubernetes"
            << "an Ingress cannot express removing headers in responseHeaders";
    }
    void routingFeatureReports() {
        QFETCH(QString, format);
        QFETCH(QString, warning);
        const ExportResult result = ExporterRegistry::find(format)->exportTopology(
            featuresTopology(18084, {19001, 19002, 19003, 19004}), ExportOptions{});
        QStringList all;
        for (const ExportWarning &w : result.warnings)
            all << w.toString();
        QVERIFY2(all.join(u'\n').contains(warning), qPrintable(all.join(u'\n')));
    }

    void privateKeysAreOwnerOnly_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("replaceExisting");
        for (const QString &name : ExporterRegistry::names()) {
            QTest::addRow("%s", qPrintable(name)) << name << false;
            QTest::addRow("%s over 0644 files", qPrintable(name)) << name << true;
        }
    }
    void privateKeysAreOwnerOnly() {
        QFETCH(QString, format);
        QFETCH(bool, replaceExisting);
        const UmaskGuard umask(022);
        ExportOptions options;
        options.includeSecrets = true;
        const Topology topology = shopTopology(18080, {19001, 19002, 19003, 19004},
                                               QStringLiteral(INGRESS_TEST_DATA), 18443);
        const ExportResult result =
            ExporterRegistry::find(format)->exportTopology(topology, options);
        QTemporaryDir dir;
        const QList<ExportFile> files = ExportWriter::files(result, dir.path());
        if (replaceExisting) {
            for (const ExportFile &file : files) {
                QDir().mkpath(QFileInfo(file.path).absolutePath());
                QFile old(file.path);
                QVERIFY(old.open(QIODevice::WriteOnly));
                old.write("old");
            }
            QCOMPARE(ExportWriter::existing(files).size(), files.size());
        }
        QString error;
        QVERIFY2(ExportWriter::write(files, &error), qPrintable(error));

        // The oracle is the content, not the writer's own flag: key material on disk.
        int keys = 0;
        QDirIterator it(dir.path(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray data = file.readAll();
            // A PEM key, or one base64-encoded in a Kubernetes Secret.
            static const QRegularExpression secretKey(
                QStringLiteral("tls\\.key: *[A-Za-z0-9+/=]{20,}"));
            const bool holdsKey = data.contains("PRIVATE KEY-----") ||
                                  secretKey.match(QString::fromUtf8(data)).hasMatch();
            QVERIFY2(data != "old", qPrintable(path));
            const int mode = modeOf(path);
            if (holdsKey) {
                ++keys;
                QVERIFY2(mode == 0600,
                         qPrintable(QStringLiteral("%1: %2").arg(path).arg(mode, 0, 8)));
            } else {
                QVERIFY2(mode == 0644,
                         qPrintable(QStringLiteral("%1: %2").arg(path).arg(mode, 0, 8)));
            }
        }
        QVERIFY2(keys > 0, "the export holds no private key to check");
    }

    void withoutSecretsNothingIsPrivate() {
        const UmaskGuard umask(022);
        const Topology topology = shopTopology(18080, {19001, 19002, 19003, 19004},
                                               QStringLiteral(INGRESS_TEST_DATA), 18443);
        for (const QString &name : ExporterRegistry::names()) {
            const ExportResult result =
                ExporterRegistry::find(name)->exportTopology(topology, ExportOptions{});
            QVERIFY2(!result.mainTextHasSecrets && result.secretFiles.isEmpty(), qPrintable(name));
        }
    }

    void unwritableFolderSaysWhich() {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("certs")));
        QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where a folder must go
        blocker.close();
        QString error;
        QVERIFY(!ExportWriter::write(
            {ExportFile{dir.filePath(QStringLiteral("certs/a.key")), "k", true}}, &error));
        QVERIFY2(error.contains(QStringLiteral("a.key")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestExportWriter)
#include "tst_exportwriter.moc"
