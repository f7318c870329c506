#include "model/items/documenteditor.h"
#include "model/items/topologydocument.h"
#include "ui/properties/checkedlineedit.h"
#include "ui/properties/propertyeditor.h"
#include "ui/properties/propertyfields.h"
#include "ui/selectionhub.h"

#include <functional>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QUndoStack>

using namespace ingress;
using namespace ingress::ui;

namespace {
Topology sample() {
    Topology t;
    t.listeners = {
        Listener{QStringLiteral("web"), QStringLiteral("127.0.0.1:8080"), Protocol::Http, {}, {}}};
    Service s;
    s.name = QStringLiteral("food");
    s.endpoints = {Endpoint{QStringLiteral("127.0.0.1:9001"), 1, {}}};
    t.services = {s};
    VirtualHost h;
    h.host = QStringLiteral("food.bar.com");
    Route r;
    r.service = QStringLiteral("food");
    h.routes = {r};
    t.hosts = {h};
    return t;
}
} // namespace

class TestPropertyEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void checks_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("host ok") << "host"
                                 << "shop.example.com" << true;
        QTest::newRow("host wildcard") << "host"
                                       << "*.example.com" << true;
        QTest::newRow("host bad label") << "host"
                                        << "-bad.example.com" << false;
        QTest::newRow("host empty") << "host"
                                    << "" << false;
        QTest::newRow("path ok") << "path"
                                 << "/api" << true;
        QTest::newRow("path relative") << "path"
                                       << "api" << false;
        QTest::newRow("bind ok") << "bind"
                                 << "127.0.0.1:8080" << true;
        QTest::newRow("bind no port") << "bind"
                                      << "127.0.0.1" << false;
        QTest::newRow("duration ok") << "duration"
                                     << "1m30s" << true;
        QTest::newRow("duration unset") << "duration"
                                        << "" << true;
        QTest::newRow("duration bad") << "duration"
                                      << "soon" << false;
        QTest::newRow("endpoints ok") << "endpoints"
                                      << "127.0.0.1:1, 10.0.0.1:80*3" << true;
        QTest::newRow("endpoints drained") << "endpoints"
                                           << "127.0.0.1:1*0" << true;
        QTest::newRow("endpoints bad weight") << "endpoints"
                                              << "127.0.0.1:1*300" << false;
        QTest::newRow("port ok") << "port"
                                 << "443" << true;
        QTest::newRow("port zero") << "port"
                                   << "0" << false;
    }

    void checks() {
        QFETCH(QString, field);
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QString error;
        if (field == u"host")
            error = checks::hostName(text);
        else if (field == u"path")
            error = checks::path(text, QStringLiteral("Prefix"));
        else if (field == u"bind")
            error = checks::hostPort(text);
        else if (field == u"duration")
            error = checks::optionalDuration(text);
        else if (field == u"endpoints")
            error = checks::endpoints(text);
        else
            error = checks::port(text);
        QCOMPARE(error.isEmpty(), valid);
    }

    void editsCommitValidTextOnly_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("committed");
        QTest::newRow("host name") << int(ItemKind::Host) << "host"
                                   << "shop.bar.com" << true;
        QTest::newRow("bad host name") << int(ItemKind::Host) << "host"
                                       << "a b" << false;
        QTest::newRow("route path") << int(ItemKind::Route) << "path"
                                    << "/v2" << true;
        QTest::newRow("bad route path") << int(ItemKind::Route) << "path"
                                        << "v2" << false;
        QTest::newRow("route timeout") << int(ItemKind::Route) << "timeout"
                                       << "2s" << true;
        QTest::newRow("bad timeout") << int(ItemKind::Route) << "timeout"
                                     << "2 days" << false;
        QTest::newRow("listener bind") << int(ItemKind::Listener) << "bind"
                                       << ":9090" << true;
        QTest::newRow("endpoints") << int(ItemKind::Service) << "endpoints"
                                   << "127.0.0.1:9001*2, 127.0.0.1:9005" << true;
        QTest::newRow("split") << int(ItemKind::Route) << "backends"
                               << "food*90, food-canary*10" << true;
        QTest::newRow("bad split weight") << int(ItemKind::Route) << "backends"
                                          << "food*ninety" << false;
    }

    void editsCommitValidTextOnly() {
        QFETCH(int, kind);
        QFETCH(QString, field);
        QFETCH(QString, text);
        QFETCH(bool, committed);
        TopologyDocument document;
        document.reset(sample());
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        editor.show();
        hub.setCurrent(kind == int(ItemKind::Route) ? ItemRef::route(0, 0)
                                                    : ItemRef{ItemKind(kind), 0, -1});
        auto *line = qobject_cast<CheckedLineEdit *>(editor.editorFor(field));
        QVERIFY(line);
        line->setFocus();
        line->selectAll();
        QTest::keyClicks(line, text);
        QCOMPARE(line->isTextValid(), committed);
        QTest::keyClick(line, Qt::Key_Return);
        QCOMPARE(document.undoStack()->count(), committed ? 1 : 0);
        if (committed) {
            document.undoStack()->undo();
            QVERIFY(line->text() != text); // the form follows undo
            document.undoStack()->redo();
            QCOMPARE(line->text(), text);
        }
    }

    // The listener's PROXY protocol box: one undo step each way, and the form follows undo.
    void proxyProtocolToggle() {
        TopologyDocument document;
        document.reset(sample());
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        editor.show();
        hub.setCurrent(ItemRef::listener(0));
        auto *box = qobject_cast<QCheckBox *>(editor.editorFor(QStringLiteral("proxyProtocol")));
        QVERIFY(box);
        QVERIFY(!box->isChecked());
        box->click();
        QVERIFY(document.topology().listeners[0].proxyProtocol);
        QCOMPARE(document.undoStack()->count(), 1);
        document.undoStack()->undo();
        QVERIFY(!document.topology().listeners[0].proxyProtocol);
        QVERIFY(!box->isChecked());
    }

    // The endpoints field's syntax (weights as addr:port*N) is shown, not left to guess.
    void endpointsFieldShowsItsSyntax() {
        TopologyDocument document;
        document.reset(sample());
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        hub.setCurrent(ItemRef::service(0));
        auto *line = qobject_cast<CheckedLineEdit *>(editor.editorFor(QStringLiteral("endpoints")));
        QVERIFY(line);
        QVERIFY2(line->placeholderText().contains(u'*'), qPrintable(line->placeholderText()));
        QVERIFY2(line->toolTip().contains(QStringLiteral("weight")), qPrintable(line->toolTip()));
    }

    void choiceEditsServiceOfRoute() {
        TopologyDocument document;
        Topology t = sample();
        Service other;
        other.name = QStringLiteral("other");
        t.services.append(other);
        document.reset(t);
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        hub.setCurrent(ItemRef::route(0, 0));
        auto *combo = qobject_cast<QComboBox *>(editor.editorFor(QStringLiteral("service")));
        QVERIFY(combo);
        QCOMPARE(combo->currentText(), QStringLiteral("food"));
        combo->setCurrentIndex(combo->findText(QStringLiteral("other")));
        combo->activated(combo->currentIndex());
        QCOMPARE(document.topology().hosts.at(0).routes.at(0).service, QStringLiteral("other"));
        // A new service shows up in the list without reselecting.
        DocumentEditor(&document).addService();
        QVERIFY(combo->findText(QStringLiteral("service")) >= 0);
    }

    // Walks the field tables of docs/topology-format.md: every field has an editor in the
    // property editor (keyed by its path), with an example or syntax hint where it is typed. A
    // field added to the format without an editor fails here.
    void everyFormatFieldHasAnEditor() {
        QFile doc(QStringLiteral(INGRESS_SOURCE_DIR "/docs/topology-format.md"));
        QVERIFY(doc.open(QIODevice::ReadOnly | QIODevice::Text));
        // Each table's heading -> the kinds of item and the path prefix of their fields (a
        // policy is edited on hosts and on routes alike).
        using Where = std::pair<ItemKind, QString>;
        const auto onHostAndRoute = [](const QString &prefix) {
            return QList<Where>{{ItemKind::Host, prefix}, {ItemKind::Route, prefix}};
        };
        const QHash<QString, QList<Where>> sections{
            {QStringLiteral("Top level"), {{ItemKind::None, {}}}},
            {QStringLiteral("Listeners"), {{ItemKind::Listener, {}}}},
            {QStringLiteral("Services"), {{ItemKind::Service, {}}}},
            {QStringLiteral("Endpoints"), {{ItemKind::Service, QStringLiteral("endpoints.")}}},
            {QStringLiteral("Health check"), {{ItemKind::Service, QStringLiteral("healthCheck.")}}},
            {QStringLiteral("Timeouts"), {{ItemKind::Service, QStringLiteral("timeouts.")}}},
            {QStringLiteral("Sticky session"),
             {{ItemKind::Service, QStringLiteral("stickySession.")}}},
            {QStringLiteral("Certificates"), {{ItemKind::Certificate, {}}}},
            {QStringLiteral("Hosts"), {{ItemKind::Host, {}}}},
            {QStringLiteral("Routes"), {{ItemKind::Route, {}}}},
            {QStringLiteral("Redirect"), {{ItemKind::Route, QStringLiteral("redirect.")}}},
            {QStringLiteral("Backends"), {{ItemKind::Route, QStringLiteral("backends.")}}},
            {QStringLiteral("Matches"), {{ItemKind::Route, QStringLiteral("matches.")}}},
            {QStringLiteral("Header filters"),
             {{ItemKind::Route, QStringLiteral("headerFilter.")}}},
            {QStringLiteral("Mirrors"), {{ItemKind::Route, QStringLiteral("mirrors.")}}},
            {QStringLiteral("Respond"), {{ItemKind::Route, QStringLiteral("respond.")}}},
            {QStringLiteral("Policies"), onHostAndRoute(QStringLiteral("policy."))},
            {QStringLiteral("Basic auth"), onHostAndRoute(QStringLiteral("policy.basicAuth."))},
            {QStringLiteral("External auth"),
             onHostAndRoute(QStringLiteral("policy.externalAuth."))},
            {QStringLiteral("Rate limit"), onHostAndRoute(QStringLiteral("policy.rateLimit."))},
            {QStringLiteral("CORS"), onHostAndRoute(QStringLiteral("policy.cors."))},
            {QStringLiteral("Security headers"),
             onHostAndRoute(QStringLiteral("policy.securityHeaders."))},
        };
        // Fields edited elsewhere than in a form, each with where.
        const QHash<QString, QString> elsewhere{
            {QStringLiteral("apiVersion"), QStringLiteral("fixed: ingress-studio/v1")},
            {QStringLiteral("kind"), QStringLiteral("fixed: Topology")},
            {QStringLiteral("listeners"), QStringLiteral("Edit > Add Listener")},
            {QStringLiteral("services"), QStringLiteral("Edit > Add Service")},
            {QStringLiteral("certificates"), QStringLiteral("Certificates menu")},
            {QStringLiteral("hosts"), QStringLiteral("Edit > Add Host")},
            {QStringLiteral("routes"), QStringLiteral("Edit > Add Route")},
            {QStringLiteral("canvas"), QStringLiteral("dragging nodes on the canvas")},
            {QStringLiteral("endpoints.address"), QStringLiteral("the endpoints field")},
            {QStringLiteral("endpoints.weight"), QStringLiteral("the endpoints field (*N)")},
            {QStringLiteral("healthCheck"), QStringLiteral("its own fields below")},
            {QStringLiteral("timeouts"), QStringLiteral("its own fields below")},
            {QStringLiteral("stickySession"), QStringLiteral("Sticky sessions box and fields")},
            {QStringLiteral("redirect"), QStringLiteral("its own fields below")},
            {QStringLiteral("respond"), QStringLiteral("its own fields below")},
            {QStringLiteral("backends.service"), QStringLiteral("the split field")},
            {QStringLiteral("backends.weight"), QStringLiteral("the split field (*N)")},
            // The first match is the Path, Methods, Header and Query fields; the others are
            // the Other matches field, written the same way.
            {QStringLiteral("matches.path"), QStringLiteral("Path / Other matches")},
            {QStringLiteral("matches.pathType"), QStringLiteral("Path type / Other matches")},
            {QStringLiteral("matches.methods"), QStringLiteral("Methods / Other matches")},
            {QStringLiteral("matches.headers"), QStringLiteral("Header matches / Other matches")},
            {QStringLiteral("matches.queryParams"),
             QStringLiteral("Query matches / Other matches")},
            {QStringLiteral("headerFilter.set"), QStringLiteral("the header filter fields: set")},
            {QStringLiteral("headerFilter.add"), QStringLiteral("the header filter fields: add")},
            {QStringLiteral("headerFilter.remove"),
             QStringLiteral("the header filter fields: remove")},
            {QStringLiteral("mirrors.service"), QStringLiteral("the mirrors field")},
            {QStringLiteral("mirrors.percent"), QStringLiteral("the mirrors field (N%)")},
            {QStringLiteral("policy"), QStringLiteral("the Policy group's fields")},
            // A part that is there or not: its box (key .enabled) and its fields.
            {QStringLiteral("policy.basicAuth"), QStringLiteral("Basic auth box and fields")},
            {QStringLiteral("policy.externalAuth"), QStringLiteral("External auth box and group")},
            {QStringLiteral("policy.rateLimit"), QStringLiteral("Rate limit box and fields")},
            {QStringLiteral("policy.cors"), QStringLiteral("CORS box and group")},
            {QStringLiteral("policy.securityHeaders"),
             QStringLiteral("Security headers box and group")},
        };
        TopologyDocument document;
        Topology t = sample();
        t.certificates = {Certificate{
            QStringLiteral("c"), QStringLiteral("c.crt"), Certificate::keychain, {}, {}}};
        document.reset(t);
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        const QRegularExpression heading(QStringLiteral("^#+ (.+)$"));
        const QRegularExpression row(QStringLiteral("^\\| `([A-Za-z.]+)`"));
        QList<Where> section;
        int walked = 0;
        QStringList missing;
        while (!doc.atEnd()) {
            const QString line = QString::fromUtf8(doc.readLine()).trimmed();
            if (const auto h = heading.match(line); h.hasMatch()) {
                section = sections.value(h.captured(1));
                continue;
            }
            const auto r = row.match(line);
            if (section.isEmpty() || !r.hasMatch())
                continue;
            for (const auto &[kind, prefix] : std::as_const(section)) {
                const QString path = prefix + r.captured(1);
                ++walked;
                if (elsewhere.contains(path))
                    continue;
                hub.setCurrent(kind == ItemKind::Route
                                   ? ItemRef::route(0, 0)
                                   : ItemRef{kind, kind == ItemKind::None ? -1 : 0, -1});
                QWidget *field = editor.editorFor(path);
                if (!field) {
                    missing << QStringLiteral("%1 (%2)").arg(path).arg(int(kind));
                    continue;
                }
                if (auto *text = qobject_cast<CheckedLineEdit *>(field))
                    QVERIFY2(!text->placeholderText().isEmpty() || !text->toolTip().isEmpty() ||
                                 path == u"name" || path == u"path" || path == u"port",
                             qPrintable(path + QStringLiteral(" has no hint")));
            }
        }
        QVERIFY2(walked > 40, qPrintable(QString::number(walked))); // the tables were found
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1String(", "))));
    }

    void redirectAndHeaderFieldsEditTheRoute() {
        TopologyDocument document;
        document.reset(sample());
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        editor.show();
        hub.setCurrent(ItemRef::route(0, 0));
        const auto type = [&](const QString &key, const QString &text) {
            auto *line = qobject_cast<CheckedLineEdit *>(editor.editorFor(key));
            QVERIFY(line);
            line->setFocus();
            line->selectAll();
            QTest::keyClicks(line, text);
            QTest::keyClick(line, Qt::Key_Return);
        };
        type(QStringLiteral("headers"), QStringLiteral("X-Canary: always; X-Env: prod"));
        type(QStringLiteral("redirect.host"), QStringLiteral("www.bar.com"));
        type(QStringLiteral("redirect.scheme"), QStringLiteral("https"));
        const Route &r = document.topology().hosts.at(0).routes.at(0);
        QCOMPARE(r.firstMatch().headers,
                 (QList<HeaderMatch>{{QStringLiteral("X-Canary"), QStringLiteral("always")},
                                     {QStringLiteral("X-Env"), QStringLiteral("prod")}}));
        QVERIFY(r.redirect);
        QCOMPARE(r.redirect->host, QStringLiteral("www.bar.com"));
        QCOMPARE(r.redirect->scheme, QStringLiteral("https"));
        QCOMPARE(r.redirect->code, 302);
        auto *code = qobject_cast<QComboBox *>(editor.editorFor(QStringLiteral("redirect.code")));
        QCOMPARE(code->currentText(), QStringLiteral("302"));
        code->setCurrentIndex(0); // no redirect: proxy again
        code->activated(0);
        QVERIFY(!document.topology().hosts.at(0).routes.at(0).redirect);
    }

    // Each new route field typed as a user would ends up in the document, in the format's terms.
    void matchAndFilterFieldsEditTheRoute_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("text");
        QTest::addColumn<std::function<bool(const Route &)>>("holds");
        QTest::newRow("regex header")
            << "headers"
            << "X-Env ~ prod|staging" << std::function([](const Route &r) {
                   return r.firstMatch().headers ==
                          QList<HeaderMatch>{{QStringLiteral("X-Env"),
                                              QStringLiteral("prod|staging"),
                                              ValueMatch::RegularExpression}};
               });
        QTest::newRow("query") << "queryParams"
                               << "debug: 1" << std::function([](const Route &r) {
                                      return r.firstMatch().queryParams ==
                                             QList<HeaderMatch>{{QStringLiteral("debug"),
                                                                 QStringLiteral("1"),
                                                                 ValueMatch::Exact}};
                                  });
        QTest::newRow("other matches")
            << "matches"
            << "=/login; method POST | ~^/v[0-9]+/" << std::function([](const Route &r) {
                   return r.matches.size() == 3 && r.matches[1].path == u"/login" &&
                          r.matches[1].pathType == PathType::Exact &&
                          r.matches[1].methods == QStringList{QStringLiteral("POST")} &&
                          r.matches[2].pathType == PathType::Regex &&
                          r.matches[2].path == u"^/v[0-9]+/";
               });
        QTest::newRow("rewrite path")
            << "rewritePath"
            << "/index.html"
            << std::function([](const Route &r) { return r.rewritePath == u"/index.html"; });
        QTest::newRow("rewrite host")
            << "rewriteHost"
            << "internal.bar.com"
            << std::function([](const Route &r) { return r.rewriteHost == u"internal.bar.com"; });
        QTest::newRow("request headers")
            << "requestHeaders"
            << "set X-Env: prod; remove X-Debug, X-Test" << std::function([](const Route &r) {
                   return r.requestHeaders.set == QList<HeaderValue>{{QStringLiteral("X-Env"),
                                                                      QStringLiteral("prod")}} &&
                          r.requestHeaders.remove ==
                              QStringList{QStringLiteral("X-Debug"), QStringLiteral("X-Test")};
               });
        QTest::newRow("response headers")
            << "responseHeaders"
            << "add Cache-Control: no-store" << std::function([](const Route &r) {
                   return r.responseHeaders.add ==
                          QList<HeaderValue>{
                              {QStringLiteral("Cache-Control"), QStringLiteral("no-store")}};
               });
        QTest::newRow("respond") << "respond.status"
                                 << "503" << std::function([](const Route &r) {
                                        return r.respond && r.respond->status == 503;
                                    });
        QTest::newRow("mirrors") << "mirrors"
                                 << "food 10%, food" << std::function([](const Route &r) {
                                        return r.mirrors.size() == 2 &&
                                               r.mirrors[0].percent == 10 &&
                                               r.mirrors[1].percent == 100 &&
                                               r.mirrors[1].service == u"food";
                                    });
    }
    void matchAndFilterFieldsEditTheRoute() {
        QFETCH(QString, key);
        QFETCH(QString, text);
        QFETCH(std::function<bool(const Route &)>, holds);
        TopologyDocument document;
        document.reset(sample());
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        editor.show();
        hub.setCurrent(ItemRef::route(0, 0));
        auto *line = qobject_cast<CheckedLineEdit *>(editor.editorFor(key));
        QVERIFY(line);
        line->setFocus();
        line->selectAll();
        QTest::keyClicks(line, text);
        QTest::keyClick(line, Qt::Key_Return);
        const Route &r = document.topology().hosts.at(0).routes.at(0);
        QVERIFY2(holds(r), qPrintable(line->text()));
        // What the field shows again is what was typed (one syntax both ways).
        QCOMPARE(line->text(), text);
        // One undo step takes it back.
        document.undoStack()->undo();
        QVERIFY(!holds(document.topology().hosts.at(0).routes.at(0)));
    }

    // A syntax error is shown at the field and changes nothing.
    void malformedFilterIsRefused() {
        TopologyDocument document;
        document.reset(sample());
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        editor.show();
        hub.setCurrent(ItemRef::route(0, 0));
        auto *line =
            qobject_cast<CheckedLineEdit *>(editor.editorFor(QStringLiteral("requestHeaders")));
        QVERIFY(line);
        const Topology before = document.topology();
        line->setFocus();
        QTest::keyClicks(line, QStringLiteral("replace X-A: 1"));
        QTest::keyClick(line, Qt::Key_Return);
        QVERIFY(document.topology() == before);
        QVERIFY(!line->isTextValid());
        QVERIFY2(line->error().contains(QStringLiteral("set Name: value")),
                 qPrintable(line->error()));
    }

    void emptyStateWithoutSelection() {
        TopologyDocument document;
        document.reset(sample());
        SelectionHub hub(&document);
        PropertyEditor editor(&document, &hub);
        QVERIFY(!editor.editorFor(QStringLiteral("host")));
        hub.setCurrent(ItemRef::virtualHost(0));
        QVERIFY(editor.editorFor(QStringLiteral("host")));
        DocumentEditor(&document).remove(ItemRef::virtualHost(0));
        QVERIFY(!editor.editorFor(QStringLiteral("host")));
    }
};

QTEST_MAIN(TestPropertyEditor)
#include "tst_propertyeditor.moc"
