// A service's sticky sessions (docs/topology-format.md, "Sticky session") as the desktop app
// edits them in the property editor, one undo step per edit, and shows them on the canvas.
#include "model/items/documenteditor.h"
#include "model/items/topologydocument.h"
#include "tests/common/topologybuilders.h"
#include "ui/canvas/canvasnodeitem.h"
#include "ui/canvas/topologycanvas.h"
#include "ui/properties/checkedlineedit.h"
#include "ui/properties/propertyeditor.h"
#include "ui/selectionhub.h"

#include <QCheckBox>
#include <QTest>
#include <QUndoStack>

using namespace ingress;
using namespace ingress::ui;
using namespace ingress::testing;

namespace {

const QString enabledKey = QStringLiteral("stickySession.enabled");
const QString cookieKey = QStringLiteral("stickySession.cookie");
const QString ttlKey = QStringLiteral("stickySession.ttl");

// "off", or "cookie" / "cookie ttl": a service's sticky session in one word or two.
std::optional<StickySession> stickyFrom(const QString &text) {
    if (text == u"off")
        return std::nullopt;
    StickySession sticky;
    const QStringList parts = text.split(u' ');
    sticky.cookie = parts.at(0);
    if (parts.size() > 1)
        sticky.ttl = parseDuration(parts.at(1));
    return sticky;
}

QString stickyText(const std::optional<StickySession> &sticky) {
    if (!sticky)
        return QStringLiteral("off");
    return sticky->ttl ? sticky->cookie + u' ' + formatDuration(*sticky->ttl) : sticky->cookie;
}

Topology withSticky(const QString &sticky) {
    Topology t;
    t.listeners = {listener(QStringLiteral("web"), QStringLiteral("127.0.0.1:8080"))};
    t.services = {service(QStringLiteral("shop"))};
    t.services[0].stickySession = stickyFrom(sticky);
    t.hosts = {host(QStringLiteral("shop.bar.com"),
                    {prefix(QStringLiteral("/"), QStringLiteral("shop"))})};
    return t;
}

struct EditorFixture {
    TopologyDocument document;
    SelectionHub hub{&document};
    PropertyEditor editor{&document, &hub};

    explicit EditorFixture(const QString &sticky) {
        document.reset(withSticky(sticky));
        editor.show();
        hub.setCurrent(ItemRef::service(0));
    }

    QString sticky() const { return stickyText(document.topology().services.at(0).stickySession); }
    QCheckBox *box() const { return qobject_cast<QCheckBox *>(editor.editorFor(enabledKey)); }
    CheckedLineEdit *line(const QString &key) const {
        return qobject_cast<CheckedLineEdit *>(editor.editorFor(key));
    }
    // As a user would: select all, type, Enter.
    void type(const QString &key, const QString &text) const {
        CheckedLineEdit *edit = line(key);
        edit->setFocus();
        edit->selectAll();
        if (text.isEmpty())
            QTest::keyClick(edit, Qt::Key_Delete);
        else
            QTest::keyClicks(edit, text);
        QTest::keyClick(edit, Qt::Key_Return);
    }
};

} // namespace

class TestServiceProperties : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Each edit writes the document as one undo step, and undo restores the form too.
    void stickyEdits_data() {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("text"); // for the box: "click"
        QTest::addColumn<QString>("after");
        QTest::newRow("enabling sets the default cookie") << "off" << enabledKey << "click"
                                                          << "INGRESSCOOKIE";
        QTest::newRow("disabling") << "shop_route 12h" << enabledKey << "click"
                                   << "off";
        QTest::newRow("cookie") << "INGRESSCOOKIE" << cookieKey << "shop_route"
                                << "shop_route";
        QTest::newRow("empty cookie is the default") << "shop_route" << cookieKey << ""
                                                     << "INGRESSCOOKIE";
        QTest::newRow("ttl") << "INGRESSCOOKIE" << ttlKey << "12h"
                             << "INGRESSCOOKIE 12h";
        QTest::newRow("ttl changed") << "shop_route 12h" << ttlKey << "1h30m"
                                     << "shop_route 1h30m";
        QTest::newRow("cleared ttl is a session cookie") << "shop_route 12h" << ttlKey << ""
                                                         << "shop_route";
    }

    void stickyEdits() {
        QFETCH(QString, before);
        QFETCH(QString, key);
        QFETCH(QString, text);
        QFETCH(QString, after);
        EditorFixture f(before);
        QVERIFY(f.box() && f.line(cookieKey) && f.line(ttlKey));
        QCOMPARE(f.box()->isChecked(), before != u"off");
        if (key == enabledKey)
            f.box()->click();
        else
            f.type(key, text);
        QCOMPARE(f.sticky(), after);
        QCOMPARE(f.document.undoStack()->count(), 1);
        // The form shows what the document now holds.
        const auto sticky = stickyFrom(after);
        QCOMPARE(f.box()->isChecked(), sticky.has_value());
        // An emptied cookie field may keep its focus; its example then names the default.
        const CheckedLineEdit *cookie = f.line(cookieKey);
        QCOMPARE(cookie->text().isEmpty() && sticky ? cookie->placeholderText() : cookie->text(),
                 sticky ? sticky->cookie : QString());
        QCOMPARE(f.line(ttlKey)->text(),
                 sticky && sticky->ttl ? formatDuration(*sticky->ttl) : QString());
        QCOMPARE(f.line(cookieKey)->isEnabled(), sticky.has_value());
        QCOMPARE(f.line(ttlKey)->isEnabled(), sticky.has_value());

        f.document.undoStack()->undo();
        QCOMPARE(f.sticky(), before);
        QCOMPARE(f.box()->isChecked(), before != u"off");
        QCOMPARE(f.line(cookieKey)->isEnabled(), before != u"off");
        f.document.undoStack()->redo();
        QCOMPARE(f.sticky(), after);
    }

    // Turning it on, naming the cookie and giving it a lifetime: three steps, undone one by one.
    void eachEditIsOneUndoStep() {
        EditorFixture f(QStringLiteral("off"));
        f.box()->click();
        f.type(cookieKey, QStringLiteral("shop_route"));
        f.type(ttlKey, QStringLiteral("12h"));
        QCOMPARE(f.sticky(), QStringLiteral("shop_route 12h"));
        QCOMPARE(f.document.undoStack()->count(), 3);
        f.document.undoStack()->undo();
        QCOMPARE(f.sticky(), QStringLiteral("shop_route"));
        f.document.undoStack()->undo();
        QCOMPARE(f.sticky(), QStringLiteral("INGRESSCOOKIE"));
        f.document.undoStack()->undo();
        QCOMPARE(f.sticky(), QStringLiteral("off"));
    }

    // What the invalid-sticky-session rule refuses is refused at the field, with why.
    void invalidValuesAreRefused_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("why");
        QTest::newRow("cookie with a space") << cookieKey << "shop route"
                                             << "not a cookie name";
        QTest::newRow("cookie with a semicolon") << cookieKey << "a;b"
                                                 << "not a cookie name";
        QTest::newRow("ttl under a second") << ttlKey << "500ms"
                                            << "1s or longer";
        QTest::newRow("ttl zero") << ttlKey << "0s"
                                  << "1s or longer";
        QTest::newRow("ttl not a duration") << ttlKey << "a day"
                                            << "duration";
    }

    void invalidValuesAreRefused() {
        QFETCH(QString, key);
        QFETCH(QString, text);
        QFETCH(QString, why);
        EditorFixture f(QStringLiteral("shop_route 12h"));
        f.type(key, text);
        QCOMPARE(f.sticky(), QStringLiteral("shop_route 12h"));
        QCOMPARE(f.document.undoStack()->count(), 0);
        QVERIFY(!f.line(key)->isTextValid());
        QVERIFY2(f.line(key)->error().contains(why), qPrintable(f.line(key)->error()));
        QVERIFY2(f.line(key)->toolTip().contains(why), qPrintable(f.line(key)->toolTip()));
    }

    // A bad value from the file is flagged when shown, as other fields' are.
    void badValueFromTheFileIsFlagged() {
        Topology t = withSticky(QStringLiteral("shop_route"));
        t.services[0].stickySession->cookie = QStringLiteral("shop route");
        EditorFixture f(QStringLiteral("off"));
        f.document.reset(t);
        f.hub.setCurrent(ItemRef::service(0));
        QCOMPARE(f.line(cookieKey)->text(), QStringLiteral("shop route"));
        QVERIFY(!f.line(cookieKey)->isTextValid());
    }

    // Fields greyed out while off still say what turning it on gives.
    void fieldsHintTheDefaults() {
        EditorFixture f(QStringLiteral("off"));
        QCOMPARE(f.line(cookieKey)->placeholderText(), QStringLiteral("INGRESSCOOKIE"));
        QVERIFY(!f.line(ttlKey)->placeholderText().isEmpty());
        QVERIFY(!f.line(cookieKey)->isEnabled());
        QVERIFY(!f.box()->toolTip().isEmpty());
    }

    // The service node says it is sticky, and its tooltip which cookie for how long.
    void canvasShowsStickiness_data() {
        QTest::addColumn<QString>("sticky");
        QTest::addColumn<QString>("detail");
        QTest::addColumn<QString>("tipLine");
        QTest::newRow("off") << "off"
                             << "ClusterIP :80"
                             << "";
        QTest::newRow("ttl") << "shop_route 12h"
                             << "ClusterIP :80, sticky"
                             << "Sticky sessions: cookie shop_route, 12h";
        QTest::newRow("session cookie")
            << "INGRESSCOOKIE"
            << "ClusterIP :80, sticky"
            << "Sticky sessions: cookie INGRESSCOOKIE, until the browser closes";
    }

    void canvasShowsStickiness() {
        QFETCH(QString, sticky);
        QFETCH(QString, detail);
        QFETCH(QString, tipLine);
        TopologyDocument document;
        SelectionHub hub(&document);
        TopologyCanvas canvas(&document, &hub);
        document.reset(withSticky(QStringLiteral("off")));
        canvas.resize(900, 600);
        canvas.show();
        canvas.relayoutNow();
        QCoreApplication::processEvents();
        // Through an edit, so the canvas follows the document.
        Service changed = document.topology().services.at(0);
        changed.stickySession = stickyFrom(sticky);
        DocumentEditor(&document).replace(ItemRef::service(0), changed);
        canvas.relayoutNow();
        QCoreApplication::processEvents();
        const auto tip = [&canvas] {
            const CanvasNodeItem *node = canvas.itemFor(ItemRef::service(0));
            return node ? node->toolTip() : QStringLiteral("(no node)");
        };
        QTRY_VERIFY2(tip().contains(detail), qPrintable(tip()));
        QVERIFY2(tipLine.isEmpty() ? !tip().contains(QStringLiteral("sticky"), Qt::CaseInsensitive)
                                   : tip().contains(tipLine),
                 qPrintable(tip()));
        const CanvasLayout &layout = canvas.layout();
        QCOMPARE(layout.nodes()[std::size_t(layout.nodeFor(ItemRef::service(0)))].detail, detail);
        // Undo takes the marks off again.
        document.undoStack()->undo();
        canvas.relayoutNow();
        QCoreApplication::processEvents();
        QTRY_VERIFY2(!tip().contains(QStringLiteral("sticky"), Qt::CaseInsensitive),
                     qPrintable(tip()));
    }
};

QTEST_MAIN(TestServiceProperties)
#include "tst_serviceproperties.moc"
