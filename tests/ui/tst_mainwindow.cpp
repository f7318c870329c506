#include "export/exporterregistry.h"
#include "model/items/documenteditor.h"
#include "model/items/itemroles.h"
#include "model/items/problemsmodel.h"
#include "model/items/topologydocument.h"
#include "model/items/topologytreemodel.h"
#include "model/yaml/topologyloader.h"
#include "tests/ui/mainwindowfixture.h"
#include "ui/autosaver.h"
#include "ui/canvas/topologycanvas.h"
#include "ui/dialogs/exportdialog.h"
#include "ui/docks/decoratedfiltermodel.h"
#include "ui/docks/problemspanel.h"
#include "ui/docks/topologytreepanel.h"
#include "ui/documentcontroller.h"
#include "ui/mainwindow.h"
#include "ui/selectionhub.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

using namespace ingress;
using namespace ingress::ui;
using namespace ingress::ui::testing;

namespace {

const QString example = QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml");

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    std::unique_ptr<MainWindow> makeWindow(ScriptedPrompter &prompter) {
        return makeTestWindow(prompter, m_dir.filePath(QStringLiteral("autosave")));
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void titleShowsModifiedMarker() {
        ScriptedPrompter prompter;
        auto window = makeWindow(prompter);
        QVERIFY(window->controller()->open(example));
        QCOMPARE(window->windowTitle(), QStringLiteral("shop.yaml[*] - Ingress Studio"));
        QVERIFY(!window->isWindowModified());
        window->action(QStringLiteral("actionAddHost"))->trigger();
        QVERIFY(window->isWindowModified());
        window->action(QStringLiteral("actionUndo"))->trigger();
        QVERIFY(!window->isWindowModified());
    }

    void actionsEditWithUndoRedo_data() {
        QTest::addColumn<QString>("action");
        QTest::addColumn<int>("selectKind");
        QTest::addColumn<int>("selectRow");
        QTest::addColumn<int>("selectHost");
        QTest::addColumn<int>("hostsDelta");
        QTest::addColumn<int>("servicesDelta");
        QTest::addColumn<int>("routesOfHost1Delta");
        QTest::newRow("add host") << "actionAddHost" << 0 << -1 << -1 << 1 << 0 << 0;
        QTest::newRow("add service") << "actionAddService" << 0 << -1 << -1 << 0 << 1 << 0;
        QTest::newRow("add route to host")
            << "actionAddRoute" << int(ItemKind::Host) << 1 << -1 << 0 << 0 << 1;
        QTest::newRow("delete host")
            << "actionDelete" << int(ItemKind::Host) << 0 << -1 << -1 << 0 << 0;
        QTest::newRow("delete route")
            << "actionDelete" << int(ItemKind::Route) << 2 << 1 << 0 << 0 << -1;
        QTest::newRow("delete service")
            << "actionDelete" << int(ItemKind::Service) << 2 << -1 << 0 << -1 << 0;
        QTest::newRow("duplicate host")
            << "actionDuplicate" << int(ItemKind::Host) << 2 << -1 << 1 << 0 << 0;
        QTest::newRow("duplicate route")
            << "actionDuplicate" << int(ItemKind::Route) << 0 << 1 << 0 << 0 << 1;
        QTest::newRow("duplicate service")
            << "actionDuplicate" << int(ItemKind::Service) << 0 << -1 << 0 << 1 << 0;
    }

    void actionsEditWithUndoRedo() {
        QFETCH(QString, action);
        QFETCH(int, selectKind);
        QFETCH(int, selectRow);
        QFETCH(int, selectHost);
        QFETCH(int, hostsDelta);
        QFETCH(int, servicesDelta);
        QFETCH(int, routesOfHost1Delta);
        ScriptedPrompter prompter;
        auto window = makeWindow(prompter);
        QVERIFY(window->controller()->open(example));
        const Topology before = window->document()->topology();
        if (selectKind)
            window->selection()->setCurrent(ItemRef{ItemKind(selectKind), selectRow, selectHost});
        QAction *a = window->action(action);
        QVERIFY(a);
        QVERIFY(a->isEnabled());
        a->trigger();
        const Topology &after = window->document()->topology();
        QCOMPARE(after.hosts.size(), before.hosts.size() + hostsDelta);
        QCOMPARE(after.services.size(), before.services.size() + servicesDelta);
        if (hostsDelta == 0)
            QCOMPARE(after.hosts.at(1).routes.size(),
                     before.hosts.at(1).routes.size() + routesOfHost1Delta);
        // The tree shows the change too.
        TopologyTreeModel *tree = window->treePanel()->model();
        QCOMPARE(tree->rowCount(tree->groupIndex(TopologyTreeModel::HostsGroup)),
                 after.hosts.size());
        QCOMPARE(window->servicesView()->model()->rowCount(), after.services.size());
        const Topology edited = after;
        window->action(QStringLiteral("actionUndo"))->trigger();
        QCOMPARE(window->document()->topology(), before);
        window->action(QStringLiteral("actionRedo"))->trigger();
        QCOMPARE(window->document()->topology(), edited);
    }

    void selectionFollowsTreeAndTables() {
        ScriptedPrompter prompter;
        auto window = makeWindow(prompter);
        QVERIFY(window->controller()->open(example));
        QTreeView *tree = window->treePanel()->view();
        TopologyTreeModel *model = window->treePanel()->model();
        const QModelIndex route =
            window->treePanel()->proxy()->mapFromSource(model->indexFor(ItemRef::route(1, 1)));
        tree->setCurrentIndex(route);
        QCOMPARE(window->selection()->current(), ItemRef::route(1, 1));
        window->selection()->setCurrent(ItemRef::service(2));
        QCOMPARE(window->servicesView()->currentIndex().row(), 2);
        QVERIFY(!tree->currentIndex().isValid());
        window->selection()->setCurrent(ItemRef::virtualHost(0));
        QCOMPARE(tree->currentIndex().data().toString(), QStringLiteral("food.bar.com"));
        QVERIFY(!window->servicesView()->currentIndex().isValid());
    }

    void treeFilterKeepsParents() {
        ScriptedPrompter prompter;
        auto window = makeWindow(prompter);
        QVERIFY(window->controller()->open(example));
        window->treePanel()->filterEdit()->setText(QStringLiteral("login"));
        DecoratedFilterModel *proxy = window->treePanel()->proxy();
        TopologyTreeModel *model = window->treePanel()->model();
        QTRY_COMPARE(
            proxy->rowCount(proxy->mapFromSource(model->groupIndex(TopologyTreeModel::HostsGroup))),
            1);
        QVERIFY(
            !proxy->mapFromSource(model->groupIndex(TopologyTreeModel::ListenersGroup)).isValid());
    }

    void saveOpenRoundTrip() {
        ScriptedPrompter prompter;
        auto window = makeWindow(prompter);
        QVERIFY(window->controller()->open(example));
        window->action(QStringLiteral("actionAddHost"))->trigger();
        prompter.savePath = m_dir.filePath(QStringLiteral("saved")); // suffix gets added
        QVERIFY(window->controller()->saveAs());
        QVERIFY(!window->isWindowModified());
        QCOMPARE(window->document()->filePath(), m_dir.filePath(QStringLiteral("saved.yaml")));
        const Topology saved = window->document()->topology();
        QVERIFY(window->controller()->recentFiles().contains(window->document()->filePath()));

        auto other = makeWindow(prompter);
        QVERIFY(other->controller()->open(m_dir.filePath(QStringLiteral("saved.yaml"))));
        QCOMPARE(other->document()->topology(), saved);
        QCOMPARE(prompter.asked, 0);
    }

    // Arrange the canvas with the mouse, save, reopen in another window: same place. Then
    // Reset Layout brings the automatic layout back, as one undo step.
    void canvasPositionsSurviveReopen() {
        ScriptedPrompter prompter;
        auto window = makeWindow(prompter);
        window->resize(1400, 900);
        window->show();
        QVERIFY(window->controller()->open(example));
        TopologyCanvas *canvas = window->canvas();
        canvas->relayoutNow();
        QCoreApplication::processEvents();
        const int node = canvas->layout().nodeFor(ItemRef::virtualHost(1));
        const QRectF before = canvas->layout().nodes()[std::size_t(node)].rect;
        const QString key = canvas->layout().nodes()[std::size_t(node)].key;
        const QPoint from = canvas->mapFromScene(before.center());
        QWidget *viewport = canvas->viewport();
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        for (int i = 1; i <= 5; ++i)
            QTest::mouseMove(viewport, from + QPoint(12 * i, 9 * i));
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, from + QPoint(60, 45));
        QCoreApplication::processEvents();
        QVERIFY(window->isWindowModified());
        QCOMPARE(window->document()->undoStack()->count(), 1); // the whole drag is one step
        QVERIFY(window->document()->hasCanvasPosition(key));
        const QPointF placed = window->document()->canvasPosition(key);
        QVERIFY(placed != before.topLeft());

        prompter.savePath = m_dir.filePath(QStringLiteral("arranged.yaml"));
        QVERIFY(window->controller()->saveAs());
        QFile file(prompter.savePath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("canvas:\n  hosts:\n    abc.bar.com: ["));

        auto other = makeWindow(prompter);
        other->resize(1400, 900);
        other->show();
        QVERIFY(other->controller()->open(prompter.savePath));
        other->canvas()->relayoutNow();
        const CanvasLayout &layout = other->canvas()->layout();
        QCOMPARE(
            layout.nodes()[std::size_t(layout.nodeFor(ItemRef::virtualHost(1)))].rect.topLeft(),
            placed);
        QVERIFY(!other->isWindowModified());

        other->action(QStringLiteral("actionResetLayout"))->trigger();
        QVERIFY(other->document()->canvasPositions().isEmpty());
        QVERIFY(other->isWindowModified());
        other->canvas()->relayoutNow();
        QCOMPARE(
            layout.nodes()[std::size_t(layout.nodeFor(ItemRef::virtualHost(1)))].rect.topLeft(),
            before.topLeft());
        other->document()->undoStack()->undo();
        QCOMPARE(other->document()->canvasPosition(key), placed);
        QVERIFY(!other->isWindowModified());
    }

    void openFailureKeepsDocument() {
        ScriptedPrompter prompter;
        auto window = makeWindow(prompter);
        QVERIFY(window->controller()->open(example));
        const Topology before = window->document()->topology();
        QVERIFY(!window->controller()->open(m_dir.filePath(QStringLiteral("missing.yaml"))));
        QCOMPARE(prompter.errors.size(), 1);
        QCOMPARE(window->document()->topology(), before);
    }

    void unsavedChangesPrompt_data() {
        QTest::addColumn<int>("answer");
        QTest::addColumn<bool>("proceeds");
        QTest::addColumn<bool>("saved");
        QTest::newRow("cancel") << int(QMessageBox::Cancel) << false << false;
        QTest::newRow("discard") << int(QMessageBox::Discard) << true << false;
        QTest::newRow("save") << int(QMessageBox::Save) << true << true;
    }

    void unsavedChangesPrompt() {
        QFETCH(int, answer);
        QFETCH(bool, proceeds);
        QFETCH(bool, saved);
        ScriptedPrompter prompter;
        prompter.answer = QMessageBox::StandardButton(answer);
        auto window = makeWindow(prompter);
        QVERIFY(window->controller()->newDocument());
        window->action(QStringLiteral("actionAddHost"))->trigger();
        const QString target = m_dir.filePath(QStringLiteral("prompt-%1.yaml").arg(answer));
        prompter.savePath = target;

        // Closing asks first and stays open on Cancel.
        window->show();
        QCOMPARE(window->close(), proceeds);
        QCOMPARE(prompter.asked, 1);
        QCOMPARE(QFile::exists(target), saved);
        QCOMPARE(window->isVisible(), !proceeds);

        // New asks too when there are changes.
        if (!proceeds) {
            QVERIFY(!window->controller()->newDocument());
            QCOMPARE(prompter.asked, 2);
            QCOMPARE(window->document()->topology().hosts.size(), 1);
        }
    }

    void autosaveAndRecover() {
        ScriptedPrompter prompter;
        auto window = makeWindow(prompter);
        QVERIFY(window->controller()->open(example));
        QVERIFY(!window->autosaver()->autosaveNow()); // nothing unsaved
        window->action(QStringLiteral("actionAddHost"))->trigger();
        QVERIFY(window->autosaver()->autosaveNow());
        const Topology edited = window->document()->topology();

        auto next = makeWindow(prompter); // as if started after a crash
        QVERIFY(next->autosaver()->hasRecoverable());
        QCOMPARE(next->autosaver()->recoverableOrigin(), window->document()->filePath());
        QVERIFY(next->autosaver()->recover());
        QCOMPARE(next->document()->topology().hosts, edited.hosts);
        QVERIFY(next->document()->isModified());
        QCOMPARE(next->document()->filePath(), window->document()->filePath());

        // Undo back to clean discards the autosave.
        window->action(QStringLiteral("actionUndo"))->trigger();
        QVERIFY(!window->autosaver()->hasRecoverable());
    }

    void problemDoubleClickSelectsCulprit() {
        ScriptedPrompter prompter;
        auto window = makeWindow(prompter);
        QVERIFY(window->controller()->open(example));
        // A route pointing at a service that does not exist is an error.
        Route broken = window->document()->topology().hosts.at(1).routes.at(1);
        broken.service = QStringLiteral("nope");
        DocumentEditor(window->document()).replace(ItemRef::route(1, 1), broken);
        window->document()->validateNow();
        QVERIFY(window->problemsPanel()->model()->rowCount() > 0);
        QTableView *view = window->problemsPanel()->view();
        const QModelIndex first = view->model()->index(0, 1);
        const ItemRef culprit = first.data(ItemRefRole).value<ItemRef>();
        QVERIFY(culprit.isValid());
        window->selection()->setCurrent({});
        view->doubleClicked(first);
        QCOMPARE(window->selection()->current(), culprit);
    }

    void exportDialogPreviewsAndWrites_data() {
        QTest::addColumn<QString>("format");
        for (const QString &name : ExporterRegistry::names())
            QTest::newRow(qPrintable(name)) << name;
    }

    void exportDialogPreviewsAndWrites() {
        QFETCH(QString, format);
        const LoadResult loaded = TopologyLoader::loadFile(example);
        QVERIFY(loaded.ok());
        ExportDialog dialog(*loaded.topology);
        dialog.selectFormat(format);
        QVERIFY(dialog.previewText().contains(QLatin1String("food")));
        QTemporaryDir out;
        QString error;
        QVERIFY2(dialog.writeTo(out.path(), &error), qPrintable(error));
        QVERIFY(!QDir(out.path()).entryList(QDir::Files | QDir::NoDotAndDotDot).isEmpty());
    }

    // Save to Folder asks before replacing files, says what it wrote, and private keys are
    // readable by the owner alone.
    void exportSaveToFolderAsksAndReports_data() {
        QTest::addColumn<bool>("replace");
        QTest::newRow("replace") << true;
        QTest::newRow("keep") << false;
    }
    void exportSaveToFolderAsksAndReports() {
        QFETCH(bool, replace);
        const LoadResult loaded = TopologyLoader::loadFile(example);
        QVERIFY(loaded.ok());
        Topology topology = *loaded.topology;
        // A key in a file (the example keeps it in the keychain): one the export can write.
        topology.certificates[0].privateKey = QStringLiteral("certs/bar-com.key");
        ExportDialog dialog(topology);
        dialog.selectFormat(QStringLiteral("nginx"));
        QCheckBox *secrets = dialog.findChild<QCheckBox *>();
        QVERIFY(secrets);
        secrets->setChecked(true);
        QTemporaryDir out;
        QFile old(out.filePath(QStringLiteral("nginx.conf")));
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("# mine\n");
        old.close();

        QStringList asked;
        QString reported;
        ExportPrompter prompter;
        prompter.folder = [&] { return out.path(); };
        prompter.confirmReplace = [&](const QString &, const QStringList &existing) {
            asked = existing;
            return replace;
        };
        prompter.report = [&](bool ok, const QString &, const QString &text) {
            QVERIFY2(ok, qPrintable(text));
            reported = text;
        };
        dialog.setPrompter(prompter);
        QCOMPARE(dialog.saveToFolder(), replace);
        QCOMPARE(asked, QStringList{old.fileName()});
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll() == "# mine\n", !replace);
        if (!replace) {
            QVERIFY(reported.isEmpty());
            QVERIFY(!QFileInfo::exists(out.filePath(QStringLiteral("certs/bar-com.key"))));
            return;
        }
        QVERIFY2(reported.contains(QStringLiteral("nginx.conf")), qPrintable(reported));
        QVERIFY2(reported.contains(QStringLiteral("bar-com.key (private key")),
                 qPrintable(reported));
        QCOMPARE(QFile::permissions(out.filePath(QStringLiteral("certs/bar-com.key"))),
                 QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser);
    }

    void importKubernetesManifests() {
        const QString manifest = m_dir.filePath(QStringLiteral("ingress.yaml"));
        QFile file(manifest);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("apiVersion: networking.k8s.io/v1\n"
                   "kind: Ingress\n"
                   "metadata:\n  name: shop\n"
                   "spec:\n"
                   "  rules:\n"
                   "    - host: shop.example.com\n"
                   "      http:\n"
                   "        paths:\n"
                   "          - path: /\n"
                   "            pathType: Prefix\n"
                   "            backend:\n"
                   "              service:\n"
                   "                name: web\n"
                   "                port:\n"
                   "                  number: 80\n");
        file.close();
        ScriptedPrompter prompter;
        auto window = makeWindow(prompter);
        QVERIFY(window->controller()->newDocument());
        QVERIFY(window->controller()->importKubernetes({manifest}));
        QCOMPARE(window->document()->topology().hosts.size(), 1);
        QCOMPARE(window->document()->topology().hosts.at(0).host,
                 QStringLiteral("shop.example.com"));
        QVERIFY(window->isWindowModified());
        QVERIFY(window->document()->filePath().isEmpty());
        // A broken manifest is refused and the document stays.
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("kind: [\n");
        file.close();
        prompter.answer = QMessageBox::Discard;
        QVERIFY(!window->controller()->importKubernetes({manifest}));
        QCOMPARE(prompter.errors.size(), 1);
    }

    void importWritesSecretFiles() {
        // Basic auth from a Secret: the htpasswd file the topology names is written beside it,
        // where the user chooses to save the import.
        const QString manifest = m_dir.filePath(QStringLiteral("auth.yaml"));
        QFile file(manifest);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("apiVersion: v1\nkind: Secret\nmetadata: {name: staff}\ntype: Opaque\n"
                   "stringData: {auth: \"alice:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/\"}\n"
                   "---\n"
                   "apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
                   "metadata:\n  name: admin\n  annotations:\n"
                   "    nginx.ingress.kubernetes.io/auth-type: basic\n"
                   "    nginx.ingress.kubernetes.io/auth-secret: staff\n"
                   "spec:\n  rules:\n    - host: admin.example.com\n      http:\n        paths:\n"
                   "          - {path: /, pathType: Prefix, backend: {service: {name: web, port: "
                   "{number: 80}}}}\n");
        file.close();
        ScriptedPrompter prompter;
        auto window = makeWindow(prompter);
        QVERIFY(window->controller()->newDocument());
        prompter.savePath = m_dir.filePath(QStringLiteral("imported/admin"));
        QVERIFY(window->controller()->importKubernetes({manifest}));
        QVERIFY2(prompter.errors.isEmpty(), qPrintable(prompter.errors.join(u'\n')));
        QCOMPARE(window->document()->filePath(), prompter.savePath + QStringLiteral(".yaml"));
        QVERIFY(!window->isWindowModified());
        const QString htpasswd = m_dir.filePath(QStringLiteral("imported/certs/staff.htpasswd"));
        QVERIFY(QFile::exists(htpasswd));
        const Policy &policy = window->document()->topology().hosts.at(0).routes.at(0).policy;
        QVERIFY(policy.basicAuth);
        QCOMPARE(window->document()->topology().resolvePath(policy.basicAuth->htpasswd), htpasswd);
    }

    void bundledExampleIsFound() {
        QVERIFY(!MainWindow::bundledExample().isEmpty());
        QVERIFY(MainWindow::bundledExample().endsWith(QLatin1String("shop.yaml")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
