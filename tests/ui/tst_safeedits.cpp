// Safe edits with real key and mouse events on the offscreen platform: a rename previews and
// rewrites every usage as one undo step, a delete of a used item asks, Edit > Find Usages lists
// usages and jumps to them, the topology's own fields are edited with nothing selected, and a
// key missing from the keychain is a Problem.
#include "model/items/documenteditor.h"
#include "tests/ui/mainwindowfixture.h"
#include "ui/canvas/topologycanvas.h"
#include "ui/certificates/keychainchecker.h"
#include "ui/dialogs/refactoringdialog.h"
#include "ui/docks/usagespanel.h"
#include "ui/properties/checkedlineedit.h"
#include "ui/properties/propertyeditor.h"
#include "ui/selectionhub.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <QUndoStack>

using namespace ingress;
using namespace ingress::ui;
using namespace ingress::ui::testing;

namespace {
const QString example = QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml");

// Answers the next refactoring preview with a real click on its accept or Cancel button and
// keeps what it listed. Polls because the dialog appears inside the event that opens it.
struct DialogAnswer {
    explicit DialogAnswer(bool acceptIt) : accept(acceptIt) {}

    bool accept;
    QStringList rows;
    bool seen = false;

    void arm() {
        auto *poll = new QTimer;
        poll->setInterval(20);
        QObject::connect(poll, &QTimer::timeout, poll, [this, poll] {
            auto *dialog = qobject_cast<RefactoringDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            poll->deleteLater();
            seen = true;
            for (int i = 0; i < dialog->changes()->topLevelItemCount(); ++i)
                rows << dialog->changes()->topLevelItem(i)->text(0);
            QPushButton *button =
                accept ? dialog->acceptButton()
                       : dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel);
            QTest::mouseClick(button, Qt::LeftButton);
        });
        poll->start();
        QTimer::singleShot(5000, poll, &QObject::deleteLater); // never wait forever
    }
};
} // namespace

class TestSafeEdits : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    ScriptedPrompter m_prompter;
    std::unique_ptr<MainWindow> m_window;

    const Topology &topology() const { return m_window->document()->topology(); }

    // Types `text` over the property editor's `field` and presses Return.
    void typeInto(const QString &field, const QString &text) {
        auto *line = qobject_cast<CheckedLineEdit *>(m_window->propertyEditor()->editorFor(field));
        QVERIFY(line);
        line->setFocus(Qt::OtherFocusReason);
        line->selectAll();
        QTest::keyClicks(line, text);
        QTest::keyClick(line, Qt::Key_Return);
    }
    // Keys for the window's actions go to the canvas: a view given focus would make its first
    // row current and so change the selection.
    QWidget *focusCanvas() {
        // A closed modal dialog leaves no window active on the offscreen platform.
        m_window->activateWindow();
        [&] { QVERIFY(QTest::qWaitForWindowActive(m_window.get())); }();
        QWidget *canvas = m_window->canvas();
        canvas->setFocus(Qt::OtherFocusReason);
        return canvas;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init() {
        m_prompter = ScriptedPrompter{};
        m_window = makeTestWindow(m_prompter, m_dir.filePath(QStringLiteral("autosave")));
        // The real preview dialog, answered by clicks (DialogAnswer).
        DocumentPrompter prompter = m_prompter.make();
        prompter.confirmRefactoring = DocumentPrompter::dialogs(m_window.get()).confirmRefactoring;
        m_window->controller()->setPrompter(prompter);
        QVERIFY(m_window->controller()->open(example));
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }
    void cleanup() { m_window.reset(); }

    void renamePreviewsAndRewritesEveryUsage() {
        m_window->selection()->setCurrent(ItemRef::service(1)); // abc: two routes
        DialogAnswer answer(true);
        answer.arm();
        typeInto(QStringLiteral("name"), QStringLiteral("alphabet"));
        QVERIFY(answer.seen);
        QCOMPARE(answer.rows, (QStringList{"route abc.bar.com /api", "route abc.bar.com /login"}));
        QCOMPARE(topology().services.at(1).name, QStringLiteral("alphabet"));
        QCOMPARE(topology().hosts.at(1).routes.at(0).service, QStringLiteral("alphabet"));
        QCOMPARE(topology().hosts.at(1).routes.at(1).service, QStringLiteral("alphabet"));
        QVERIFY(m_window->document()->diagnostics().isEmpty());
        // One Ctrl+Z takes the whole rename back.

        QTest::keyClick(focusCanvas(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(topology().services.at(1).name, QStringLiteral("abc"));
        QCOMPARE(topology().hosts.at(1).routes.at(0).service, QStringLiteral("abc"));
        QCOMPARE(topology().hosts.at(1).routes.at(1).service, QStringLiteral("abc"));
    }

    void renameOfTheDefaultServiceFollows() {
        m_window->selection()->setCurrent(ItemRef::service(2)); // fallback: the default
        DialogAnswer answer(true);
        answer.arm();
        typeInto(QStringLiteral("name"), QStringLiteral("catch-all"));
        QVERIFY(answer.rows.contains(QStringLiteral("the topology's default service")));
        QCOMPARE(topology().defaultService, QStringLiteral("catch-all"));
    }

    void cancelledRenameKeepsTheName() {
        m_window->selection()->setCurrent(ItemRef::service(0));
        DialogAnswer answer(false);
        answer.arm();
        typeInto(QStringLiteral("name"), QStringLiteral("meals"));
        QVERIFY(answer.seen);
        QCOMPARE(topology().services.at(0).name, QStringLiteral("food"));
        QCOMPARE(m_window->document()->undoStack()->count(), 0);
        auto *line = qobject_cast<CheckedLineEdit *>(
            m_window->propertyEditor()->editorFor(QStringLiteral("name")));
        QCOMPARE(line->text(), QStringLiteral("food")); // the form shows what is true
    }

    void deleteOfAUsedItemAsks_data() {
        QTest::addColumn<bool>("accept");
        QTest::newRow("cancel") << false;
        QTest::newRow("delete anyway") << true;
    }
    void deleteOfAUsedItemAsks() {
        QFETCH(bool, accept);
        m_window->selection()->setCurrent(ItemRef::certificate(0)); // bar-com: two hosts
        DialogAnswer answer(accept);
        answer.arm();
        QTest::keyClick(focusCanvas(), Qt::Key_Delete);
        QVERIFY(answer.seen);
        QCOMPARE(answer.rows, (QStringList{"host food.bar.com", "host abc.bar.com"}));
        QCOMPARE(topology().certificates.size(), accept ? 0 : 1);
    }

    void findUsagesListsAndJumps() {
        m_window->selection()->setCurrent(ItemRef::service(0)); // food
        QTest::keyClick(focusCanvas(), Qt::Key_U, Qt::ControlModifier | Qt::ShiftModifier);
        QListWidget *list = m_window->usagesPanel()->list();
        QTRY_VERIFY(list->isVisible());
        QCOMPARE(list->count(), 2);
        QVERIFY2(list->item(1)->text().startsWith(u"route abc.bar.com ^/v[0-9]+/items$"),
                 qPrintable(list->item(1)->text()));
        const QRect rect = list->visualItemRect(list->item(1));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center()); // as a hand would
        QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(m_window->selection()->current(), ItemRef::route(1, 2));
        // The list follows a rename of what it lists.
        Service food = topology().services.at(0);
        food.name = QStringLiteral("meals");
        m_window->document()->setRefactoringConfirmer({});
        QVERIFY(DocumentEditor(m_window->document()).replace(ItemRef::service(0), food));
        QCOMPARE(list->count(), 2);
        QVERIFY(m_window->usagesPanel()->summary().contains(QStringLiteral("meals")));
    }

    void topologyPageEditsNameAndDefaultService() {
        m_window->selection()->setCurrent({});
        PropertyEditor *editor = m_window->propertyEditor();
        auto *service =
            qobject_cast<QComboBox *>(editor->editorFor(QStringLiteral("defaultService")));
        QVERIFY(service);
        QCOMPARE(service->currentText(), QStringLiteral("fallback"));
        // Choose "food" with the keyboard, as a user would.
        service->setFocus(Qt::OtherFocusReason);
        for (int i = 0; i < service->count() && service->currentText() != u"food"; ++i)
            QTest::keyClick(service, Qt::Key_Up);
        QCOMPARE(topology().defaultService, QStringLiteral("food"));
        typeInto(QStringLiteral("metadata.name"), QStringLiteral("shop-staging"));
        QCOMPARE(topology().name, QStringLiteral("shop-staging"));
        QTest::keyClick(focusCanvas(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(topology().name, QStringLiteral("shop"));
    }

    void keyMissingFromTheKeychainIsAProblem() {
        KeychainChecker *checker = m_window->keychainChecker();
        checker->setReader([](const QString &name, QObject *context, KeychainChecker::Done done) {
            QMetaObject::invokeMethod(
                context,
                [done, name] {
                    keystore::KeyStoreResult r;
                    r.status = keystore::KeyStoreResult::Status::NotFound;
                    r.message = QStringLiteral("the keychain has no key for '%1'").arg(name);
                    done(r);
                },
                Qt::QueuedConnection);
        });
        QSignalSpy checked(checker, &KeychainChecker::checked);
        checker->recheck();
        QTRY_COMPARE(checked.count(), 1);
        const Diagnostics &found = m_window->document()->diagnostics();
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.constFirst().ruleId, QStringLiteral("key-not-in-keychain"));
        QVERIFY2(found.constFirst().message.contains(QStringLiteral("food.bar.com")),
                 qPrintable(found.constFirst().message));
        QVERIFY(found.constFirst().location.isValid()); // the privateKey line of bar-com
        // Pointing the certificate at its key file clears it.
        Certificate c = topology().certificates.at(0);
        c.privateKey = QStringLiteral("certs/bar-com.key");
        DocumentEditor(m_window->document()).replace(ItemRef::certificate(0), c);
        QTRY_COMPARE(checked.count(), 2);
        QTRY_VERIFY(m_window->document()->diagnostics().isEmpty());
    }

    void propertiesDockIsWideEnoughToRead() {
        auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("propertiesDock"));
        m_window->selection()->setCurrent(ItemRef::service(0));
        QWidget *field = m_window->propertyEditor()->editorFor(QStringLiteral("endpoints"));
        QVERIFY(field);
        QTRY_VERIFY(field->isVisible());
        QVERIFY2(dock->width() >= 340, qPrintable(QString::number(dock->width())));
        // The example's endpoints fit without scrolling the field.
        auto *line = qobject_cast<CheckedLineEdit *>(field);
        QVERIFY2(line->fontMetrics().horizontalAdvance(line->text()) < line->width(),
                 qPrintable(QStringLiteral("%1 px for '%2'").arg(line->width()).arg(line->text())));
    }
};

QTEST_MAIN(TestSafeEdits)
#include "tst_safeedits.moc"
