// The property editor's Policy, CORS and Security headers groups (hosts and routes) and a
// listener's trusted proxies: each field writes the model as one undo step, bad CIDR blocks,
// origins and htpasswd files are refused at the field, and a route shows what it takes from its
// host. More of CORS and security headers in tst_browserpolicyeditor.
#include "model/items/documenteditor.h"
#include "model/items/topologydocument.h"
#include "tests/ui/policyeditorfixture.h"
#include "ui/properties/checkedlineedit.h"
#include "ui/properties/propertyeditor.h"
#include "ui/selectionhub.h"

#include <functional>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace ingress;
using namespace ingress::ui;
using namespace ingress::ui::testing;

namespace {

// Every part on, so that a part's own fields are editable.
Policy everyPart() {
    Policy p;
    p.basicAuth = BasicAuth{};
    p.rateLimit = RateLimit{};
    p.connectionLimit = 5;
    p.cors = Cors{};
    p.securityHeaders = SecurityHeaders{};
    p.securityHeaders->hsts = Hsts{};
    return p;
}

const Policy &policyOf(const TopologyDocument &document, bool onRoute) {
    const VirtualHost &host = document.topology().hosts.at(0);
    return onRoute ? host.routes.at(0).policy : host.policy;
}

const QByteArray goodHtpasswd = "# htpasswd -B\n"
                                "alice:$2y$05$abcdefghijklmnopqrstuuD0b8q5zVCKjvVgk.oXn3GPsJkW1a\n"
                                "\n"
                                "bob:{SHA}fEqNCco3Yq9h5ZUglD3CZJT4lBs=\r\n"
                                "carol:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/\n"
                                "dave:$6$salt$hash\n";
// Line 4 is a password written as it is.
const QByteArray badHtpasswd = "alice:$2y$05$abcdefghijklmnopqrstuu\n"
                               "# bob forgot -B\n"
                               "\n"
                               "bob:secret\n";

} // namespace

class TestPolicyEditor : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_good;
    QString m_bad;

    QString write(const QString &name, const QByteArray &content) {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            return {};
        return file.fileName();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_good = write(QStringLiteral("good.htpasswd"), goodHtpasswd);
        m_bad = write(QStringLiteral("bad.htpasswd"), badHtpasswd);
        QVERIFY(!m_good.isEmpty() && !m_bad.isEmpty());
    }

    void policyFieldEdits_data() {
        QTest::addColumn<bool>("onRoute");
        QTest::addColumn<bool>("partsOn");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("input"); // typed, chosen; "<good>": the good htpasswd file
        QTest::addColumn<std::function<bool(const Policy &)>>("holds");
        struct Case {
            const char *name;
            bool partsOn;
            const char *key;
            const char *input;
            std::function<bool(const Policy &)> holds;
        };
        const QList<Case> cases{
            {"allow", false, "policy.allow", "10.0.0.0/8, 2001:db8::/32",
             [](const Policy &p) {
                 return p.allow ==
                        QStringList{QStringLiteral("10.0.0.0/8"), QStringLiteral("2001:db8::/32")};
             }},
            {"deny", false, "policy.deny", "192.0.2.7",
             [](const Policy &p) { return p.deny == QStringList{QStringLiteral("192.0.2.7")}; }},
            {"basic auth on", false, "policy.basicAuth.enabled", "",
             [](const Policy &p) { return p.basicAuth.has_value(); }},
            {"basic auth off", true, "policy.basicAuth.enabled", "",
             [](const Policy &p) { return !p.basicAuth; }},
            {"htpasswd", true, "policy.basicAuth.htpasswd", "<good>",
             [](const Policy &p) {
                 return p.basicAuth && p.basicAuth->htpasswd.endsWith(u"good.htpasswd");
             }},
            {"realm", true, "policy.basicAuth.realm", "Shop",
             [](const Policy &p) { return p.basicAuth && p.basicAuth->realm == u"Shop"; }},
            {"rate limit on", false, "policy.rateLimit.enabled", "",
             [](const Policy &p) { return p.rateLimit == RateLimit{}; }},
            {"requests", true, "policy.rateLimit.requests", "25",
             [](const Policy &p) { return p.rateLimit && p.rateLimit->requests == 25; }},
            {"per minute", true, "policy.rateLimit.per", "minute",
             [](const Policy &p) { return p.rateLimit && p.rateLimit->per == RateUnit::Minute; }},
            {"burst", true, "policy.rateLimit.burst", "20",
             [](const Policy &p) { return p.rateLimit && p.rateLimit->burst == 20; }},
            {"header", true, "policy.rateLimit.header", "X-Api-Key",
             [](const Policy &p) { return p.rateLimit && p.rateLimit->header == u"X-Api-Key"; }},
            {"connection limit on", false, "policy.connectionLimit.enabled", "",
             [](const Policy &p) { return p.connectionLimit.has_value(); }},
            {"connection limit", true, "policy.connectionLimit", "20",
             [](const Policy &p) { return p.connectionLimit == 20; }},
            {"cors on", false, "policy.cors.enabled", "",
             [](const Policy &p) { return p.cors == Cors{}; }},
            {"cors off", true, "policy.cors.enabled", "", [](const Policy &p) { return !p.cors; }},
            {"cors origins", true, "policy.cors.allowOrigins",
             "https://a.example.com, https://*.example.com",
             [](const Policy &p) {
                 return p.cors && p.cors->allowOrigins ==
                                      QStringList{QStringLiteral("https://a.example.com"),
                                                  QStringLiteral("https://*.example.com")};
             }},
            {"cors methods", true, "policy.cors.allowMethods", "GET, POST",
             [](const Policy &p) {
                 return p.cors && p.cors->allowMethods ==
                                      QStringList{QStringLiteral("GET"), QStringLiteral("POST")};
             }},
            {"cors headers", true, "policy.cors.allowHeaders", "Content-Type, X-Api-Key",
             [](const Policy &p) {
                 return p.cors &&
                        p.cors->allowHeaders == QStringList{QStringLiteral("Content-Type"),
                                                            QStringLiteral("X-Api-Key")};
             }},
            {"cors expose", true, "policy.cors.exposeHeaders", "X-Request-Id",
             [](const Policy &p) {
                 return p.cors &&
                        p.cors->exposeHeaders == QStringList{QStringLiteral("X-Request-Id")};
             }},
            {"cors credentials", true, "policy.cors.allowCredentials", "",
             [](const Policy &p) { return p.cors && p.cors->allowCredentials; }},
            {"cors max age", true, "policy.cors.maxAge", "600",
             [](const Policy &p) { return p.cors && p.cors->maxAge == 600; }},
            {"security headers on", false, "policy.securityHeaders.enabled", "",
             [](const Policy &p) { return p.securityHeaders == SecurityHeaders::recommended(); }},
            {"security headers off", true, "policy.securityHeaders.enabled", "",
             [](const Policy &p) { return !p.securityHeaders; }},
            {"hsts off", true, "policy.securityHeaders.hsts", "",
             [](const Policy &p) { return p.securityHeaders && !p.securityHeaders->hsts; }},
            {"hsts max age", true, "policy.securityHeaders.hsts.maxAge", "63072000",
             [](const Policy &p) {
                 return p.securityHeaders && p.securityHeaders->hsts &&
                        p.securityHeaders->hsts->maxAge == 63072000;
             }},
            {"hsts subdomains", true, "policy.securityHeaders.hsts.includeSubdomains", "",
             [](const Policy &p) {
                 return p.securityHeaders && p.securityHeaders->hsts &&
                        p.securityHeaders->hsts->includeSubdomains;
             }},
            {"hsts preload", true, "policy.securityHeaders.hsts.preload", "",
             [](const Policy &p) {
                 return p.securityHeaders && p.securityHeaders->hsts &&
                        p.securityHeaders->hsts->preload;
             }},
            {"nosniff", true, "policy.securityHeaders.noSniff", "",
             [](const Policy &p) { return p.securityHeaders && p.securityHeaders->noSniff; }},
            {"referrer policy", true, "policy.securityHeaders.referrerPolicy", "same-origin",
             [](const Policy &p) {
                 return p.securityHeaders && p.securityHeaders->referrerPolicy == u"same-origin";
             }},
            {"frame options", true, "policy.securityHeaders.frameOptions", "DENY",
             [](const Policy &p) {
                 return p.securityHeaders && p.securityHeaders->frameOptions == u"DENY";
             }},
        };
        for (bool onRoute : {false, true})
            for (const Case &c : cases)
                QTest::addRow("%s %s", onRoute ? "route" : "host", c.name)
                    << onRoute << c.partsOn << QString::fromLatin1(c.key)
                    << QString::fromLatin1(c.input) << c.holds;
    }
    void policyFieldEdits() {
        QFETCH(bool, onRoute);
        QFETCH(bool, partsOn);
        QFETCH(QString, key);
        QFETCH(QString, input);
        QFETCH(std::function<bool(const Policy &)>, holds);
        Topology t = sample();
        const Policy start = partsOn ? everyPart() : Policy{};
        (onRoute ? t.hosts[0].routes[0].policy : t.hosts[0].policy) = start;
        TopologyDocument document;
        document.reset(t);
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        editor.show();
        hub.setCurrent(onRoute ? ItemRef::route(0, 0) : ItemRef::virtualHost(0));
        QVERIFY(!holds(policyOf(document, onRoute)));

        edit(editor, key, input == u"<good>" ? m_good : input);
        QVERIFY(holds(policyOf(document, onRoute)));
        // Only this item's policy changed, and as one undo step.
        QVERIFY((onRoute ? document.topology().hosts.at(0).policy
                         : document.topology().hosts.at(0).routes.at(0).policy)
                    .isEmpty());
        QCOMPARE(document.undoStack()->count(), 1);
        document.undoStack()->undo();
        QVERIFY(policyOf(document, onRoute) == start);
        document.undoStack()->redo();
        QVERIFY(holds(policyOf(document, onRoute)));
    }

    // The parts' own fields are greyed out while the part is off, and come alive with it.
    void partFieldsFollowTheirBox() {
        TopologyDocument document;
        document.reset(sample());
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        hub.setCurrent(ItemRef::virtualHost(0));
        QWidget *requests = editor.editorFor(QStringLiteral("policy.rateLimit.requests"));
        QVERIFY(requests && !requests->isEnabled());
        auto *box =
            qobject_cast<QCheckBox *>(editor.editorFor(QStringLiteral("policy.rateLimit.enabled")));
        QVERIFY(box);
        box->click();
        QVERIFY(requests->isEnabled());
        QCOMPARE(qobject_cast<CheckedLineEdit *>(requests)->text(), QStringLiteral("10"));
        document.undoStack()->undo();
        QVERIFY(!requests->isEnabled());
        QVERIFY(!box->isChecked());
    }

    void badEntryIsRefused_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("culprit");
        QTest::newRow("trusted proxy, short address") << int(ItemKind::Listener) << "trustedProxies"
                                                      << "10.0.0/8"
                                                      << "10.0.0/8";
        QTest::newRow("allow, prefix too long") << int(ItemKind::Host) << "policy.allow"
                                                << "10.0.0.0/8, 10.0.0.0/33"
                                                << "10.0.0.0/33";
        QTest::newRow("deny, a host name") << int(ItemKind::Route) << "policy.deny"
                                           << "shop.example.com"
                                           << "shop.example.com";
        QTest::newRow("allow, IPv6 prefix too long") << int(ItemKind::Route) << "policy.allow"
                                                     << "2001:db8::/129"
                                                     << "2001:db8::/129";
        // Browsers send Origin without a path: one with a slash would never match.
        QTest::newRow("cors origin with a slash")
            << int(ItemKind::Host) << "policy.cors.allowOrigins"
            << "https://a.example.com, https://b.example.com/"
            << "https://b.example.com/";
        QTest::newRow("cors origin without a scheme")
            << int(ItemKind::Route) << "policy.cors.allowOrigins"
            << "app.example.com"
            << "app.example.com";
        QTest::newRow("cors header with a space")
            << int(ItemKind::Host) << "policy.cors.exposeHeaders"
            << "X-Request-Id, X Trace"
            << "X Trace";
        QTest::newRow("cors method with a slash")
            << int(ItemKind::Route) << "policy.cors.allowMethods"
            << "GET, PO/ST"
            << "PO/ST";
        QTest::newRow("cors max age negative") << int(ItemKind::Host) << "policy.cors.maxAge"
                                               << "-1"
                                               << "";
        QTest::newRow("hsts max age words")
            << int(ItemKind::Route) << "policy.securityHeaders.hsts.maxAge"
            << "a year"
            << "";
    }
    void badEntryIsRefused() {
        QFETCH(int, kind);
        QFETCH(QString, key);
        QFETCH(QString, text);
        QFETCH(QString, culprit);
        // The parts on, so that their fields can be typed in.
        Topology t = sample();
        t.hosts[0].policy.cors = t.hosts[0].routes[0].policy.cors = Cors{};
        t.hosts[0].policy.securityHeaders = t.hosts[0].routes[0].policy.securityHeaders =
            SecurityHeaders::recommended();
        TopologyDocument document;
        document.reset(t);
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        editor.show();
        hub.setCurrent(kind == int(ItemKind::Route) ? ItemRef::route(0, 0)
                                                    : ItemRef{ItemKind(kind), 0, -1});
        auto *line = qobject_cast<CheckedLineEdit *>(editor.editorFor(key));
        QVERIFY(line);
        QVERIFY(line->isEnabled());
        const QColor base = line->palette().color(QPalette::Base);
        const Topology before = document.topology();
        line->setFocus();
        line->selectAll(); // an origin field starts with "*"
        QTest::keyClicks(line, text);
        QTest::keyClick(line, Qt::Key_Return);
        QVERIFY(!line->isTextValid());
        QVERIFY2(!line->error().isEmpty(), qPrintable(key));
        QVERIFY2(culprit.isEmpty() || line->error().contains(u'\'' + culprit + u'\''),
                 qPrintable(line->error()));
        // The inline style of every checked field: tinted, the reason in the tooltip.
        QVERIFY(line->palette().color(QPalette::Base) != base);
        QCOMPARE(line->toolTip(), line->error());
        QVERIFY(document.topology() == before);
        QCOMPARE(document.undoStack()->count(), 0);
    }

    // "Choose..." writes the file beside the document relative to it; a wrong file is refused
    // with the bad line named under the field.
    void choosingAnHtpasswdFile() {
        Topology t = sample();
        t.hosts[0].policy.basicAuth = BasicAuth{};
        TopologyDocument document;
        document.reset(t, m_dir.filePath(QStringLiteral("shop.yaml")));
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        editor.show();
        hub.setCurrent(ItemRef::virtualHost(0));
        QString chosen = m_good;
        QString askedTitle;
        editor.setFileChooser([&](const QString &title, const QString &) {
            askedTitle = title;
            return chosen;
        });
        const QString key = QStringLiteral("policy.basicAuth.htpasswd");
        auto *choose = editor.findChild<QPushButton *>(key + QStringLiteral("/choose"));
        auto *message = editor.findChild<QLabel *>(key + QStringLiteral("/error"));
        auto *line = qobject_cast<CheckedLineEdit *>(editor.editorFor(key));
        QVERIFY(choose && message && line);
        choose->click();
        QVERIFY2(askedTitle.contains(QStringLiteral("htpasswd")), qPrintable(askedTitle));
        QCOMPARE(document.topology().hosts.at(0).policy.basicAuth->htpasswd,
                 QStringLiteral("good.htpasswd"));
        QCOMPARE(document.undoStack()->count(), 1);
        QVERIFY(line->isTextValid());
        QVERIFY(message->isHidden());

        chosen = m_bad;
        choose->click();
        QCOMPARE(document.topology().hosts.at(0).policy.basicAuth->htpasswd,
                 QStringLiteral("good.htpasswd"));
        QCOMPARE(document.undoStack()->count(), 1);
        QCOMPARE(line->text(), QStringLiteral("bad.htpasswd"));
        QVERIFY(!line->isTextValid());
        QVERIFY2(line->error().contains(QStringLiteral("bad.htpasswd: line 4: user 'bob'")),
                 qPrintable(line->error()));
        QVERIFY(line->error().contains(QStringLiteral("'bob'")));
        QVERIFY(!message->isHidden());
        QCOMPARE(message->text(), line->error());
    }

    // Unset parts of a route say what they take from the host; a part turned on starts as the
    // host's.
    void routeShowsWhatComesFromTheHost() {
        Topology t = sample();
        Policy &hostPolicy = t.hosts[0].policy;
        hostPolicy.allow = {QStringLiteral("10.0.0.0/8")};
        hostPolicy.basicAuth =
            BasicAuth{QStringLiteral("shop.htpasswd"), QStringLiteral("Shop"), {}};
        hostPolicy.rateLimit = RateLimit{};
        hostPolicy.rateLimit->requests = 30;
        hostPolicy.rateLimit->per = RateUnit::Minute;
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
        QCOMPARE(line("policy.allow")->placeholderText(), QStringLiteral("from host: 10.0.0.0/8"));
        QVERIFY(!line("policy.deny")->placeholderText().startsWith(QStringLiteral("from host")));
        QVERIFY(!box("policy.basicAuth.enabled")->isChecked());
        QCOMPARE(box("policy.basicAuth.enabled")->text(),
                 QStringLiteral("from host: shop.htpasswd, realm Shop"));
        QCOMPARE(line("policy.basicAuth.realm")->placeholderText(),
                 QStringLiteral("from host: Shop"));
        QCOMPARE(line("policy.rateLimit.requests")->placeholderText(),
                 QStringLiteral("from host: 30"));
        QVERIFY(!line("policy.rateLimit.requests")->isEnabled());
        auto *per =
            qobject_cast<QComboBox *>(editor.editorFor(QStringLiteral("policy.rateLimit.per")));
        QCOMPARE(per->currentIndex(), -1);
        QCOMPARE(per->placeholderText(), QStringLiteral("from host: minute"));
        QVERIFY(box("policy.connectionLimit.enabled")->text().isEmpty()); // the host has none

        // The route's own rate limit starts as the host's, to be changed from there.
        box("policy.rateLimit.enabled")->click();
        const Route &route = document.topology().hosts.at(0).routes.at(0);
        QVERIFY(route.policy.rateLimit == hostPolicy.rateLimit);
        QCOMPARE(line("policy.rateLimit.requests")->text(), QStringLiteral("30"));
        QVERIFY(line("policy.rateLimit.requests")->isEnabled());
        QCOMPARE(per->currentText(), QStringLiteral("minute"));
        QVERIFY(box("policy.rateLimit.enabled")->text().isEmpty());

        // Allow and deny are replaced together: a deny of its own ends the host's allow here.
        edit(editor, QStringLiteral("policy.deny"), QStringLiteral("10.0.0.66"));
        QVERIFY(!line("policy.allow")->placeholderText().startsWith(QStringLiteral("from host")));

        // The host's own fields take nothing from anywhere.
        hub.setCurrent(ItemRef::virtualHost(0));
        QCOMPARE(line("policy.allow")->text(), QStringLiteral("10.0.0.0/8"));
        QVERIFY(box("policy.basicAuth.enabled")->isChecked());
        QVERIFY(box("policy.connectionLimit.enabled")->text().isEmpty());
    }
};

QTEST_MAIN(TestPolicyEditor)
#include "tst_policyeditor.moc"
