// Save As into another folder: relative certificate and key paths are rewritten so that the
// saved file still finds them (they used to be written unchanged, and the reopened file had
// two errors while the Problems panel said "No problems").
#include "model/items/topologydocument.h"
#include "model/validation/validator.h"
#include "model/yaml/topologyloader.h"
#include "tests/common/examplecopy.h"
#include "tests/ui/mainwindowfixture.h"
#include "ui/documentcontroller.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace ingress;
using namespace ingress::ui;
using namespace ingress::ui::testing;

class TestSaveAs : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void certificatePathsFollowTheFile_data() {
        QTest::addColumn<QString>("target"); // relative to the temporary folder
        QTest::addColumn<QString>("savedCertificate");
        QTest::newRow("another folder") << "elsewhere/shop.yaml"
                                        << "../project/certs/bar-com.crt";
        QTest::newRow("a folder below") << "project/deeper/shop.yaml"
                                        << "../certs/bar-com.crt";
        QTest::newRow("the same folder") << "project/renamed.yaml"
                                         << "certs/bar-com.crt";
    }
    void certificatePathsFollowTheFile() {
        QFETCH(QString, target);
        QFETCH(QString, savedCertificate);
        // The example with its certificate and key in files next to it.
        QTemporaryDir dir;
        const QDir root(dir.path());
        QVERIFY(root.mkpath(QFileInfo(root.filePath(target)).path()));
        const QString project =
            ingress::testing::copyExampleWithKeyFile(root.filePath(QStringLiteral("project")));
        QVERIFY(!project.isEmpty());

        ScriptedPrompter prompter;
        auto window = makeTestWindow(prompter, m_dir.filePath(QStringLiteral("autosave")));
        QVERIFY(window->controller()->open(project));
        window->document()->validateNow();
        QVERIFY(!hasErrors(window->document()->diagnostics()));

        prompter.savePath = root.filePath(target);
        QVERIFY(window->controller()->saveAs());
        QVERIFY(!window->isWindowModified());
        const Certificate &cert = window->document()->topology().certificates.at(0);
        QCOMPARE(cert.certificate, savedCertificate);
        QCOMPARE(QFileInfo(window->document()->topology().resolvePath(cert.privateKey))
                     .canonicalFilePath(),
                 QFileInfo(root.filePath(QStringLiteral("project/certs/bar-com.key")))
                     .canonicalFilePath());
        window->document()->validateNow();
        QVERIFY(!hasErrors(window->document()->diagnostics()));

        // Reopened from where it was saved, as the user would.
        const LoadResult reopened = TopologyLoader::loadFile(root.filePath(target));
        QVERIFY(reopened.ok());
        const Diagnostics problems = Validator::validate(*reopened.topology);
        QVERIFY2(!hasErrors(problems),
                 qPrintable(problems.isEmpty() ? QString() : problems.constFirst().toString()));
    }

    void rebasingIsOneUndoStep() {
        QTemporaryDir dir;
        ScriptedPrompter prompter;
        auto window = makeTestWindow(prompter, m_dir.filePath(QStringLiteral("autosave")));
        QVERIFY(
            window->controller()->open(QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml")));
        const int steps = window->document()->undoStack()->count();
        prompter.savePath = dir.filePath(QStringLiteral("shop.yaml"));
        QVERIFY(window->controller()->saveAs());
        QCOMPARE(window->document()->undoStack()->count(), steps + 1);
        QVERIFY(
            QDir::isRelativePath(window->document()->topology().certificates.at(0).certificate));
        QVERIFY(QFileInfo::exists(window->document()->topology().resolvePath(
            window->document()->topology().certificates.at(0).certificate)));
    }
};

QTEST_MAIN(TestSaveAs)
#include "tst_saveas.moc"
