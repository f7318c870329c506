// The Export dialog runs the target's own check on the preview in the background (nginx -t,
// haproxy -c, caddy validate) and shows its verdict; the real tools, the example topology (its
// key is in the keychain, so the check uses a stand-in pair).
#include "export/configchecker.h"
#include "export/exporterregistry.h"
#include "model/yaml/topologyloader.h"
#include "tests/common/peertools.h"
#include "ui/dialogs/exportdialog.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>

using namespace ingress;
using namespace ingress::ui;

namespace {

const QString example = QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml");

} // namespace

class TestExportDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void checksWhatItShows_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("expected");
        QTest::newRow("nginx") << "nginx"
                               << "nginx -t: the configuration is valid";
        QTest::newRow("haproxy") << "haproxy"
                                 << "haproxy -c: the configuration is valid";
        QTest::newRow("caddy") << "caddy"
                               << "caddy validate: the configuration is valid";
    }

    void checksWhatItShows() {
        QFETCH(QString, format);
        QFETCH(QString, expected);
        if (ConfigChecker::findTool(format).isEmpty())
            INGRESS_MISSING_PEER("nginx, haproxy or caddy is not installed");
        const LoadResult loaded = TopologyLoader::loadFile(example);
        QVERIFY(loaded.ok());
        ExportDialog dialog(*loaded.topology);
        dialog.show();
        QSignalSpy checked(&dialog, &ExportDialog::checkFinished);
        // Picked as a user does: the format box, with the keyboard.
        auto *formats = dialog.findChild<QComboBox *>();
        QVERIFY(formats);
        const int index = formats->findData(format);
        QVERIFY(index >= 0);
        formats->setFocus();
        while (formats->currentIndex() != index)
            QTest::keyClick(formats, formats->currentIndex() < index ? Qt::Key_Down : Qt::Key_Up);
        QVERIFY(dialog.isChecking());
        QVERIFY2(dialog.checkSummary().startsWith(QLatin1String("Checking with")),
                 qPrintable(dialog.checkSummary()));
        // Asynchronous: the dialog answers input while the tool runs.
        QElapsedTimer clock;
        clock.start();
        QTest::keyClick(formats, Qt::Key_Down); // leave and come back: the older check is dropped
        QTest::keyClick(formats, Qt::Key_Up);
        QVERIFY(clock.elapsed() < 1000);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isChecking(), 20000);
        QCOMPARE(dialog.lastCheck().tool, format);
        QCOMPARE(dialog.checkSummary(), expected);
        // The example's key lives in the keychain: the check said how it did without it.
        QVERIFY2(dialog.checkOutput().contains(QLatin1String("checked with a stand-in")),
                 qPrintable(dialog.checkOutput()));
    }

    void showsTheToolsErrors() {
        INGRESS_REQUIRE_TOOL(nginx, "nginx");
        const LoadResult loaded = TopologyLoader::loadFile(example);
        QVERIFY(loaded.ok());
        ExportDialog dialog(*loaded.topology);
        dialog.selectFormat(QStringLiteral("nginx"));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isChecking(), 20000);
        // What the dialog shows for a text nginx refuses.
        ExportOptions options;
        ExportResult broken = ExporterRegistry::find(QStringLiteral("nginx"))
                                  ->exportTopology(*loaded.topology, options);
        broken.mainText.replace("worker_processes", "worker_processez");
        QSignalSpy checked(&dialog, &ExportDialog::checkFinished);
        dialog.checker()->start(QStringLiteral("nginx"), broken);
        QVERIFY(checked.wait(20000));
        QVERIFY2(dialog.checkSummary().startsWith(QLatin1String(
                     "nginx -t: failed: [emerg] unknown directive \"worker_processez\" in "
                     "nginx.conf:")),
                 qPrintable(dialog.checkSummary()));
        QVERIFY2(dialog.checkOutput().contains(QLatin1String("nginx.conf")),
                 qPrintable(dialog.checkOutput()));
    }

    void otherFormatsSaySo() {
        const LoadResult loaded = TopologyLoader::loadFile(example);
        QVERIFY(loaded.ok());
        ExportDialog dialog(*loaded.topology);
        dialog.selectFormat(QStringLiteral("kubernetes"));
        QVERIFY(!dialog.isChecking());
        QVERIFY2(dialog.checkSummary().startsWith(QLatin1String("Not checked")),
                 qPrintable(dialog.checkSummary()));
    }
};

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    TestExportDialog tc;
    QTEST_SET_MAIN_SOURCE_PATH
    return ::ingress::testing::peerAwareExitCode(QTest::qExec(&tc, argc, argv));
}

#include "tst_exportdialog.moc"
