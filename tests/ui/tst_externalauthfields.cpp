// The property editor's External auth group on hosts and routes: turned on, its service (a
// list of the topology's services that takes a typed name too), path, response headers and
// sign-in write the policy as one undo step each; wrong values are refused at the field; a
// route shows and starts from its host's.
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

namespace {

// sample() with a second service, the authentication server.
Topology withAuthService() {
    Topology t = sample();
    Service auth;
    auth.name = QStringLiteral("oauth2-proxy");
    auth.endpoints = {Endpoint{QStringLiteral("127.0.0.1:4180"), 1, {}}};
    t.services << auth;
    return t;
}

} // namespace

class TestExternalAuthFields : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Each field of the group, on a host and on a route: what it writes to the item's policy.
    void fieldsWriteThePolicy_data() {
        QTest::addColumn<bool>("onRoute");
        QTest::newRow("host") << false;
        QTest::newRow("route") << true;
    }
    void fieldsWriteThePolicy() {
        QFETCH(bool, onRoute);
        TopologyDocument document;
        document.reset(withAuthService());
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        editor.show();
        hub.setCurrent(onRoute ? ItemRef::route(0, 0) : ItemRef::virtualHost(0));
        const auto policy = [&] {
            const VirtualHost &host = document.topology().hosts.at(0);
            return onRoute ? host.routes.at(0).policy : host.policy;
        };
        auto *service = qobject_cast<QComboBox *>(
            editor.editorFor(QStringLiteral("policy.externalAuth.service")));
        QVERIFY(service);
        QVERIFY(service->isEditable());
        QVERIFY(!service->isEnabled()); // greyed out while the part is off
        QVERIFY(service->findText(QStringLiteral("oauth2-proxy")) >= 0);
        QVERIFY(service->findText(QStringLiteral("shop")) >= 0);

        edit(editor, QStringLiteral("policy.externalAuth.enabled"), {});
        QVERIFY(policy().externalAuth);
        QCOMPARE(policy().externalAuth->path, QStringLiteral("/"));
        QVERIFY(service->isEnabled());
        // Turned on without a service, the field says one is needed.
        auto *serviceLine = qobject_cast<CheckedLineEdit *>(service->lineEdit());
        QVERIFY(serviceLine);
        QVERIFY(!serviceLine->isTextValid());

        edit(editor, QStringLiteral("policy.externalAuth.service"), QStringLiteral("oauth2-proxy"));
        edit(editor, QStringLiteral("policy.externalAuth.path"),
             QStringLiteral("/oauth2/auth?allowed_groups=admins"));
        edit(editor, QStringLiteral("policy.externalAuth.responseHeaders"),
             QStringLiteral("X-Auth-Request-User, X-Auth-Request-Email"));
        edit(editor, QStringLiteral("policy.externalAuth.signIn"),
             QStringLiteral("https://auth.example.com/oauth2/start"));
        ExternalAuth expected;
        expected.service = QStringLiteral("oauth2-proxy");
        expected.path = QStringLiteral("/oauth2/auth?allowed_groups=admins");
        expected.responseHeaders = {QStringLiteral("X-Auth-Request-User"),
                                    QStringLiteral("X-Auth-Request-Email")};
        expected.signIn = QStringLiteral("https://auth.example.com/oauth2/start");
        QVERIFY(policy().externalAuth == expected);
        QVERIFY(serviceLine->isTextValid());
        QCOMPARE(service->currentText(), QStringLiteral("oauth2-proxy"));
        QCOMPARE(document.undoStack()->count(), 5);

        // An emptied path is "/" again; the sign-in may be a path.
        auto *path = qobject_cast<CheckedLineEdit *>(
            editor.editorFor(QStringLiteral("policy.externalAuth.path")));
        path->setFocus();
        path->selectAll();
        QTest::keyClick(path, Qt::Key_Backspace);
        QTest::keyClick(path, Qt::Key_Return);
        QCOMPARE(policy().externalAuth->path, QStringLiteral("/"));
        edit(editor, QStringLiteral("policy.externalAuth.signIn"), QStringLiteral("/oauth2/start"));
        QCOMPARE(policy().externalAuth->signIn, QStringLiteral("/oauth2/start"));

        // Undone step by step, the item has no external auth again; the host's is untouched.
        while (document.undoStack()->canUndo())
            document.undoStack()->undo();
        QVERIFY(policy().isEmpty());
        QVERIFY(document.topology().hosts.at(0).policy.isEmpty());
        QVERIFY(!service->isEnabled());
        QVERIFY(service->currentText().isEmpty());
        document.undoStack()->redo();
        QVERIFY(policy().externalAuth == ExternalAuth{});
    }

    // What the fields refuse, with the message in the tooltip as every checked field has it;
    // nothing refused reaches the document.
    void wrongValuesAreRefused_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown service")
            << "service"
            << "authelia"
            << "No service is named 'authelia'; add it (Edit > Add Service) or choose one";
        QTest::newRow("path without /")
            << "path"
            << "oauth2/auth"
            << "A path starts with '/' and has no spaces; it may carry a query, e.g. "
               "/oauth2/auth?allowed_groups=admins";
        QTest::newRow("path with a space") << "path"
                                           << "/oauth2 auth"
                                           << "A path starts with '/' and has no spaces";
        QTest::newRow("path with a fragment") << "path"
                                              << "/auth#x"
                                              << "A path has no fragment (#)";
        QTest::newRow("header name")
            << "responseHeaders"
            << "X-User, X User"
            << "'X User' is not a header name; write them as Content-Type, X-Request-Id";
        QTest::newRow("sign-in")
            << "signIn"
            << "ftp://auth.example.com/start"
            << "Expected an http(s) URL or a path, e.g. https://auth.example.com/oauth2/start";
        QTest::newRow("sign-in, relative") << "signIn"
                                           << "oauth2/start"
                                           << "Expected an http(s) URL or a path";
    }
    void wrongValuesAreRefused() {
        QFETCH(QString, key);
        QFETCH(QString, input);
        QFETCH(QString, message);
        Topology t = withAuthService();
        t.hosts[0].policy.externalAuth = ExternalAuth{};
        t.hosts[0].policy.externalAuth->service = QStringLiteral("oauth2-proxy");
        const ExternalAuth before = *t.hosts[0].policy.externalAuth;
        TopologyDocument document;
        document.reset(t);
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        editor.show();
        hub.setCurrent(ItemRef::virtualHost(0));
        QWidget *widget = editor.editorFor(QStringLiteral("policy.externalAuth.") + key);
        QVERIFY(widget);
        auto *line = qobject_cast<CheckedLineEdit *>(widget);
        if (auto *combo = qobject_cast<QComboBox *>(widget))
            line = qobject_cast<CheckedLineEdit *>(combo->lineEdit());
        QVERIFY(line);
        line->setFocus();
        line->selectAll();
        QTest::keyClicks(line, input);
        QVERIFY(!line->isTextValid());
        QVERIFY2(line->error().startsWith(message), qPrintable(line->error()));
        QCOMPARE(line->toolTip(), line->error());
        QTest::keyClick(line, Qt::Key_Return);
        QVERIFY(document.topology().hosts.at(0).policy.externalAuth == before);
        QCOMPARE(document.undoStack()->count(), 0);
    }

    // A typed service name that the topology has is taken as a choice from the list is; one
    // added later shows up in the list.
    void typedServiceName() {
        Topology t = withAuthService();
        t.hosts[0].policy.externalAuth = ExternalAuth{};
        TopologyDocument document;
        document.reset(t);
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        editor.show();
        hub.setCurrent(ItemRef::virtualHost(0));
        auto *combo = qobject_cast<QComboBox *>(
            editor.editorFor(QStringLiteral("policy.externalAuth.service")));
        auto *line = qobject_cast<CheckedLineEdit *>(combo->lineEdit());
        QVERIFY(line);
        line->setFocus();
        line->selectAll();
        QTest::keyClicks(line, QStringLiteral("shop"));
        QVERIFY(line->isTextValid());
        QTest::keyClick(line, Qt::Key_Return);
        QCOMPARE(document.topology().hosts.at(0).policy.externalAuth->service,
                 QStringLiteral("shop"));
        QCOMPARE(document.undoStack()->count(), 1);

        Topology more = document.topology();
        Service extra;
        extra.name = QStringLiteral("authelia");
        more.services << extra;
        document.reset(more);
        hub.setCurrent(ItemRef::virtualHost(0));
        combo = qobject_cast<QComboBox *>(
            editor.editorFor(QStringLiteral("policy.externalAuth.service")));
        QVERIFY(combo->findText(QStringLiteral("authelia")) >= 0);
        QCOMPARE(combo->currentText(), QStringLiteral("shop"));
    }

    // A route without external auth of its own says it takes the host's; turned on, it starts
    // as the host's and changes on the route alone.
    void routeTakesTheHosts() {
        Topology t = withAuthService();
        ExternalAuth host;
        host.service = QStringLiteral("oauth2-proxy");
        host.path = QStringLiteral("/oauth2/auth");
        host.responseHeaders = {QStringLiteral("X-Auth-Request-User")};
        t.hosts[0].policy.externalAuth = host;
        TopologyDocument document;
        document.reset(t);
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        editor.show();
        hub.setCurrent(ItemRef::route(0, 0));
        auto *box = qobject_cast<QCheckBox *>(
            editor.editorFor(QStringLiteral("policy.externalAuth.enabled")));
        QVERIFY(box && !box->isChecked());
        QCOMPARE(box->text(), QStringLiteral("from host: oauth2-proxy at /oauth2/auth, copies "
                                             "X-Auth-Request-User"));
        auto *path = qobject_cast<CheckedLineEdit *>(
            editor.editorFor(QStringLiteral("policy.externalAuth.path")));
        QCOMPARE(path->placeholderText(), QStringLiteral("from host: /oauth2/auth"));
        auto *signIn = qobject_cast<CheckedLineEdit *>(
            editor.editorFor(QStringLiteral("policy.externalAuth.signIn")));
        QCOMPARE(signIn->placeholderText(), QStringLiteral("from host: the 401 as it came"));
        auto *service = qobject_cast<QComboBox *>(
            editor.editorFor(QStringLiteral("policy.externalAuth.service")));
        QCOMPARE(service->lineEdit()->placeholderText(), QStringLiteral("from host: oauth2-proxy"));

        box->click();
        const auto route = [&] { return document.topology().hosts.at(0).routes.at(0).policy; };
        QVERIFY(route().externalAuth == host);
        QVERIFY(box->text().isEmpty());
        QCOMPARE(path->text(), QStringLiteral("/oauth2/auth"));
        edit(editor, QStringLiteral("policy.externalAuth.path"),
             QStringLiteral("/oauth2/auth?allowed_groups=admins"));
        QCOMPARE(route().externalAuth->path, QStringLiteral("/oauth2/auth?allowed_groups=admins"));
        QCOMPARE(document.topology().hosts.at(0).policy.externalAuth->path,
                 QStringLiteral("/oauth2/auth"));
        QCOMPARE(document.undoStack()->count(), 2);
        document.undoStack()->undo();
        document.undoStack()->undo();
        QVERIFY(route().isEmpty());
        QVERIFY(!box->isChecked());
    }
};

QTEST_MAIN(TestExternalAuthFields)
#include "tst_externalauthfields.moc"
