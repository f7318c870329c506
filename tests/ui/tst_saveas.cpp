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

    void htpasswdPathsFollowTheFile() {
        // Basic auth on a host and on a route: both files must still be found from the new place.
        QTemporaryDir dir;
        const QDir root(dir.path());
        QVERIFY(root.mkpath(QStringLiteral("project")) && root.mkpath(QStringLiteral("elsewhere")));
        QFile users(root.filePath(QStringLiteral("project/users.htpasswd")));
        QVERIFY(users.open(QIODevice::WriteOnly));
        users.write("alice:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/\n");
        users.close();
        QFile project(root.filePath(QStringLiteral("project/site.yaml")));
        QVERIFY(project.open(QIODevice::WriteOnly));
        project.write(
            "apiVersion: ingress-studio/v1\nkind: Topology\n"
            "services: [{name: web, endpoints: [127.0.0.1:9001]}]\n"
            "hosts:\n  - host: a.test\n    policy: {basicAuth: {htpasswd: users.htpasswd}}\n"
            "    routes:\n      - path: /\n        service: web\n"
            "        policy: {basicAuth: {htpasswd: users.htpasswd, realm: r}}\n");
        project.close();
        ScriptedPrompter prompter;
        auto window = makeTestWindow(prompter, m_dir.filePath(QStringLiteral("autosave")));
        QVERIFY(window->controller()->open(project.fileName()));
        const int steps = window->document()->undoStack()->count();
        prompter.savePath = root.filePath(QStringLiteral("elsewhere/site.yaml"));
        QVERIFY(window->controller()->saveAs());
        QCOMPARE(window->document()->undoStack()->count(), steps + 1);
        const VirtualHost &host = window->document()->topology().hosts.at(0);
        QCOMPARE(host.policy.basicAuth->htpasswd, QStringLiteral("../project/users.htpasswd"));
        QCOMPARE(host.routes.at(0).policy.basicAuth->htpasswd,
                 QStringLiteral("../project/users.htpasswd"));
        window->document()->validateNow();
        QVERIFY(!hasErrors(window->document()->diagnostics()));
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
