// The property editor's CORS and Security headers groups beyond one field at a time (those
// are rows of tst_policyeditor): a route takes the host's parts until it has its own, an emptied
// max age falls back to the default, and HSTS's fields follow its box.
#include "model/items/topologydocument.h"
#include "tests/ui/policyeditorfixture.h"
#include "ui/properties/checkedlineedit.h"
#include "ui/properties/propertyeditor.h"
#include "ui/selectionhub.h"

#include <QCheckBox>
#include <QComboBox>
#include <QTest>
#include <QUndoStack>

using namespace ingress;
using namespace ingress::ui;
using namespace ingress::ui::testing;

class TestBrowserPolicyEditor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // A route without CORS or security headers of its own says what it takes from its host;
    // turned on, each starts as the host's and is changed on the route alone.
    void routeTakesCorsAndHeadersFromTheHost() {
        Topology t = sample();
        Cors cors;
        cors.allowOrigins = {QStringLiteral("https://a.example.com")};
        cors.allowCredentials = true;
        cors.maxAge = 600;
        SecurityHeaders headers = SecurityHeaders::recommended();
        headers.frameOptions = QStringLiteral("DENY");
        t.hosts[0].policy.cors = cors;
        t.hosts[0].policy.securityHeaders = headers;
        TopologyDocument document;
        document.reset(t);
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        editor.show();
        hub.setCurrent(ItemRef::route(0, 0));
        const auto line = [&](const char *key) {
            return qobject_cast<CheckedLineEdit *>(editor.editorFor(QString::fromLatin1(key)));
        };
        const auto box = [&](const char *key) {
            return qobject_cast<QCheckBox *>(editor.editorFor(QString::fromLatin1(key)));
        };
        const auto combo = [&](const char *key) {
            return qobject_cast<QComboBox *>(editor.editorFor(QString::fromLatin1(key)));
        };
        QVERIFY(!box("policy.cors.enabled")->isChecked());
        QCOMPARE(box("policy.cors.enabled")->text(),
                 QStringLiteral("from host: https://a.example.com, credentials"));
        QCOMPARE(line("policy.cors.allowOrigins")->placeholderText(),
                 QStringLiteral("from host: https://a.example.com"));
        QVERIFY(!line("policy.cors.allowOrigins")->isEnabled());
        QCOMPARE(line("policy.cors.allowMethods")->placeholderText(),
                 QStringLiteral("from host: GET, PUT, POST, DELETE, PATCH, OPTIONS"));
        QCOMPARE(line("policy.cors.maxAge")->placeholderText(), QStringLiteral("from host: 600"));
        QCOMPARE(box("policy.cors.allowCredentials")->text(), QStringLiteral("from host: allowed"));
        QCOMPARE(box("policy.securityHeaders.enabled")->text(),
                 QStringLiteral("from host: HSTS 1 year, nosniff, Referrer-Policy "
                                "strict-origin-when-cross-origin, X-Frame-Options DENY"));
        QCOMPARE(box("policy.securityHeaders.noSniff")->text(), QStringLiteral("from host: on"));
        QVERIFY(box("policy.securityHeaders.hsts.preload")->text().isEmpty()); // off on the host
        QCOMPARE(line("policy.securityHeaders.hsts.maxAge")->placeholderText(),
                 QStringLiteral("from host: 31536000"));
        QComboBox *frames = combo("policy.securityHeaders.frameOptions");
        QCOMPARE(frames->currentIndex(), -1);
        QCOMPARE(frames->placeholderText(), QStringLiteral("from host: DENY"));
        QVERIFY(!frames->isEnabled());

        // CORS of the route's own: the host's to start with, then other origins here only.
        box("policy.cors.enabled")->click();
        const auto route = [&] { return document.topology().hosts.at(0).routes.at(0).policy; };
        QVERIFY(route().cors == cors);
        QVERIFY(box("policy.cors.enabled")->text().isEmpty());
        QCOMPARE(line("policy.cors.allowOrigins")->text(), QStringLiteral("https://a.example.com"));
        edit(editor, QStringLiteral("policy.cors.allowOrigins"),
             QStringLiteral("https://b.example.com"));
        QCOMPARE(route().cors->allowOrigins, QStringList{QStringLiteral("https://b.example.com")});
        QVERIFY(route().cors->allowCredentials);
        QVERIFY(document.topology().hosts.at(0).policy.cors == cors);
        // Methods left to the defaults show them, now as the route's own.
        QCOMPARE(line("policy.cors.allowMethods")->placeholderText(),
                 QStringLiteral("GET, PUT, POST, DELETE, PATCH, OPTIONS"));

        // Security headers of its own, then another X-Frame-Options than the host's.
        box("policy.securityHeaders.enabled")->click();
        QVERIFY(route().securityHeaders == headers);
        QCOMPARE(frames->currentText(), QStringLiteral("DENY"));
        edit(editor, QStringLiteral("policy.securityHeaders.frameOptions"),
             QStringLiteral("SAMEORIGIN"));
        QCOMPARE(route().securityHeaders->frameOptions, QStringLiteral("SAMEORIGIN"));
        QCOMPARE(document.topology().hosts.at(0).policy.securityHeaders->frameOptions,
                 QStringLiteral("DENY"));
        // "not sent" leaves the header out.
        edit(editor, QStringLiteral("policy.securityHeaders.referrerPolicy"),
             QStringLiteral("not sent"));
        QVERIFY(route().securityHeaders->referrerPolicy.isEmpty());
        QCOMPARE(document.undoStack()->count(), 5);

        // Undone step by step, the route takes it all from its host again.
        while (document.undoStack()->canUndo())
            document.undoStack()->undo();
        QVERIFY(route().isEmpty());
        QCOMPARE(frames->currentIndex(), -1);
        QCOMPARE(box("policy.cors.enabled")->text(),
                 QStringLiteral("from host: https://a.example.com, credentials"));
    }

    // The CORS max age falls back to the default when emptied; HSTS's sub-fields are greyed
    // out while HSTS is off.
    void corsMaxAgeAndHstsFields() {
        Topology t = sample();
        t.hosts[0].policy.cors = Cors{};
        t.hosts[0].policy.cors->maxAge = 600;
        t.hosts[0].policy.securityHeaders = SecurityHeaders::recommended();
        TopologyDocument document;
        document.reset(t);
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        editor.show();
        hub.setCurrent(ItemRef::virtualHost(0));
        auto *maxAge =
            qobject_cast<CheckedLineEdit *>(editor.editorFor(QStringLiteral("policy.cors.maxAge")));
        QVERIFY(maxAge);
        QCOMPARE(maxAge->text(), QStringLiteral("600"));
        QCOMPARE(maxAge->placeholderText(), QString::number(Cors::defaultMaxAge));
        maxAge->setFocus();
        maxAge->selectAll();
        QTest::keyClick(maxAge, Qt::Key_Backspace);
        QTest::keyClick(maxAge, Qt::Key_Return);
        const auto cors = [&] { return *document.topology().hosts.at(0).policy.cors; };
        QVERIFY(!cors().maxAge);
        QCOMPARE(cors().maxAgeSeconds(), Cors::defaultMaxAge);
        QCOMPARE(document.undoStack()->count(), 1);
        document.undoStack()->undo();
        QVERIFY(cors().maxAge == 600);
        QCOMPARE(maxAge->text(), QStringLiteral("600"));

        QWidget *hstsAge = editor.editorFor(QStringLiteral("policy.securityHeaders.hsts.maxAge"));
        QWidget *preload = editor.editorFor(QStringLiteral("policy.securityHeaders.hsts.preload"));
        QVERIFY(hstsAge && hstsAge->isEnabled() && preload->isEnabled());
        edit(editor, QStringLiteral("policy.securityHeaders.hsts"), {});
        QVERIFY(!document.topology().hosts.at(0).policy.securityHeaders->hsts);
        QVERIFY(!hstsAge->isEnabled());
        QVERIFY(!preload->isEnabled());
        QVERIFY(editor.editorFor(QStringLiteral("policy.securityHeaders.noSniff"))->isEnabled());
        document.undoStack()->undo();
        QVERIFY(hstsAge->isEnabled());
    }
};

QTEST_MAIN(TestBrowserPolicyEditor)
#include "tst_browserpolicyeditor.moc"
