// The main window's keyboard, with real key and mouse events on the offscreen platform: edit
// shortcuts reach the text field that has focus instead of the topology, Save As and Close
// have their usual keys, and a click on a selected tree row does not start a rename.
#include "model/items/documenteditor.h"
#include "model/items/topologytreemodel.h"
#include "tests/ui/mainwindowfixture.h"
#include "ui/dialogs/shortcutsdialog.h"
#include "ui/docks/decoratedfiltermodel.h"
#include "ui/docks/topologytreepanel.h"
#include "ui/proxy/explainbox.h"
#include "ui/selectionhub.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace ingress;
using namespace ingress::ui;
using namespace ingress::ui::testing;

namespace {
const QString example = QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml");
}

class TestEditShortcuts : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    ScriptedPrompter m_prompter;
    std::unique_ptr<MainWindow> m_window;

    // The Explain box's output, holding `text`, focused, all of it selected.
    QPlainTextEdit *focusExplainOutput(const QString &text) {
        QPlainTextEdit *output = m_window->findChild<ExplainBox *>()->result();
        QWidget *dock = output->window();
        output->setPlainText(text);
        output->selectAll();
        dock->activateWindow();
        output->setFocus(Qt::OtherFocusReason);
        return output;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init() {
        m_prompter = ScriptedPrompter{};
        m_window = makeTestWindow(m_prompter, m_dir.filePath(QStringLiteral("autosave")));
        QVERIFY(m_window->controller()->open(example));
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        m_window->selection()->setCurrent(ItemRef::service(0));
    }
    void cleanup() { m_window.reset(); }

    void copyInExplainOutputCopiesItsText() {
        QPlainTextEdit *output = focusExplainOutput(QStringLiteral("route /api of abc.bar.com"));
        QTest::keyClick(output, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("route /api of abc.bar.com"));
    }

    void editKeysInExplainOutputLeaveTheTopology_data() {
        QTest::addColumn<int>("key");
        QTest::addColumn<int>("modifiers");
        QTest::newRow("paste") << int(Qt::Key_V) << int(Qt::ControlModifier);
        QTest::newRow("cut") << int(Qt::Key_X) << int(Qt::ControlModifier);
        QTest::newRow("delete") << int(Qt::Key_Delete) << int(Qt::NoModifier);
    }
    void editKeysInExplainOutputLeaveTheTopology() {
        QFETCH(int, key);
        QFETCH(int, modifiers);
        // A service on the clipboard, as Copy on the canvas puts it there.
        m_window->action(QStringLiteral("actionCopy"))->trigger();
        const Topology before = m_window->document()->topology();
        QPlainTextEdit *output = focusExplainOutput(QStringLiteral("explained"));
        QTest::keyClick(output, Qt::Key(key), Qt::KeyboardModifiers(modifiers));
        QCOMPARE(m_window->document()->topology(), before);
        QCOMPARE(output->toPlainText(), QStringLiteral("explained")); // read-only stays so
    }

    void copyOnTheTopologyStillCopiesItems() {
        QTreeView *tree = m_window->treePanel()->view();
        tree->setFocus(Qt::OtherFocusReason);
        m_window->selection()->setCurrent(ItemRef::service(0));
        QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier);
        QVERIFY2(QGuiApplication::clipboard()->text().contains(QStringLiteral("name: food")),
                 qPrintable(QGuiApplication::clipboard()->text()));
    }

    void saveAsIsCtrlShiftS() {
        const qsizetype services = m_window->document()->topology().services.size();
        m_prompter.savePath = m_dir.filePath(QStringLiteral("copy.yaml"));
        QTest::keyClick(m_window.get(), Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(m_window->document()->filePath(), m_prompter.savePath);
        QCOMPARE(m_window->document()->topology().services.size(), services);
        QTest::keyClick(m_window.get(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(m_window->document()->topology().services.size(), services + 1);
    }

    void closeLeavesAnEmptyTopology() {
        QTest::keyClick(m_window.get(), Qt::Key_W, Qt::ControlModifier);
        QVERIFY(m_window->document()->filePath().isEmpty());
        QVERIFY(m_window->document()->topology().services.isEmpty());
        QCOMPARE(m_prompter.asked, 0); // nothing was modified
    }

    // Help > Keyboard Shortcuts lists every action that has one, as its keys read now.
    void shortcutsDialogListsEveryShortcut() {
        const QList<QAction *> actions =
            m_window->findChildren<QAction *>(Qt::FindDirectChildrenOnly);
        ShortcutsDialog dialog(actions);
        QStringList rows;
        for (int row = 0; row < dialog.table()->rowCount(); ++row)
            rows << dialog.table()->item(row, 0)->text() + u'=' +
                        dialog.table()->item(row, 1)->text();
        int withShortcut = 0;
        for (const QAction *action : actions) {
            if (action->shortcut().isEmpty())
                continue;
            ++withShortcut;
            const QString keys = action->shortcut().toString(QKeySequence::NativeText);
            QVERIFY2(std::any_of(rows.begin(), rows.end(),
                                 [&](const QString &row) { return row.contains(keys); }),
                     qPrintable(action->text() + u' ' + keys));
        }
        QVERIFY(withShortcut > 15);
        QVERIFY2(rows.contains(QStringLiteral("Save As=Ctrl+Shift+S")),
                 qPrintable(rows.join(u'\n')));
        QVERIFY(QFileInfo::exists(MainWindow::documentationFolder() +
                                  QStringLiteral("/topology-format.md")));
    }

    // A second click on the selected row used to start a rename, whose editor then took
    // Ctrl+Z for itself: the user's undo did nothing to the topology.
    void clickOnSelectedRowDoesNotRename() {
        DocumentEditor(m_window->document()).addHost();
        const qsizetype hosts = m_window->document()->topology().hosts.size();
        QTreeView *tree = m_window->treePanel()->view();
        TopologyTreeModel *model = m_window->treePanel()->model();
        const QModelIndex row =
            m_window->treePanel()->proxy()->mapFromSource(model->indexFor(ItemRef::virtualHost(0)));
        tree->scrollTo(row);
        const QPoint at = tree->visualRect(row).center();
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, at);
        QTest::qWait(QApplication::doubleClickInterval() + 100);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, at);
        QTest::qWait(QApplication::doubleClickInterval() + 100);
        QVERIFY2(!qobject_cast<QLineEdit *>(QApplication::focusWidget()), "a rename editor opened");
        QTest::keyClick(tree, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(m_window->document()->topology().hosts.size(), hosts - 1);
    }
};

QTEST_MAIN(TestEditShortcuts)
#include "tst_editshortcuts.moc"
