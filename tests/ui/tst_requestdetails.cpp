// The request log's details: RequestDetails and CurlCommand on their own, then the whole path
// in the main window: a served request, double-click, the route and why, a refused endpoint's
// error, Show on Canvas and Copy as curl (run with the real curl).
#include "model/items/topologydocument.h"
#include "tests/common/peertools.h"
#include "tests/ui/mainwindowfixture.h"
#include "tests/ui/okupstream.h"
#include "ui/mainwindow.h"
#include "ui/proxy/curlcommand.h"
#include "ui/proxy/proxycontroller.h"
#include "ui/proxy/proxypanel.h"
#include "ui/proxy/requestdetaildialog.h"
#include "ui/proxy/requestdetails.h"
#include "ui/proxy/requestlogmodel.h"
#include "ui/selectionhub.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDockWidget>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTabWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace ingress;
using namespace ingress::ui;
using namespace ingress::ui::testing;
using namespace Qt::StringLiterals;

namespace {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

proxy::AccessLogEntry entry(const QByteArray &method, const QByteArray &target,
                            const QByteArray &host, const Headers &headers = {}) {
    proxy::AccessLogEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.method = method;
    e.target = target;
    e.protocol = "HTTP/1.1";
    e.host = host;
    e.requestHeaders = headers;
    e.listener = QStringLiteral("web");
    return e;
}

// web on `port`; app.test: "/" -> up (upPort), "/down" -> down (refused); *.demo.test -> up.
Topology servedTopology(quint16 port, quint16 upPort, quint16 downPort) {
    Topology t;
    t.name = QStringLiteral("served");
    t.listeners = {Listener{u"web"_s, u"127.0.0.1:%1"_s.arg(port), Protocol::Http, {}}};
    Service up;
    up.name = u"up"_s;
    up.endpoints = {Endpoint{u"127.0.0.1:%1"_s.arg(upPort), 1, {}}};
    Service down;
    down.name = u"down"_s;
    down.endpoints = {Endpoint{u"127.0.0.1:%1"_s.arg(downPort), 1, {}}};
    t.services = {up, down};
    VirtualHost app;
    app.host = u"app.test"_s;
    Route root;
    root.service = u"up"_s;
    Route broken;
    broken.firstMatch().path = u"/down"_s;
    broken.service = u"down"_s;
    app.routes = {root, broken};
    VirtualHost wildcard;
    wildcard.host = u"*.demo.test"_s;
    Route any;
    any.service = u"up"_s;
    wildcard.routes = {any};
    t.hosts = {app, wildcard};
    return t;
}

QByteArray get(quint16 port, const QByteArray &request) {
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    if (!client.waitForConnected(3000))
        return {};
    client.write(request);
    QByteArray response;
    QElapsedTimer timer;
    timer.start();
    while (client.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 5000) {
        QTest::qWait(5);
        response += client.readAll();
    }
    return response + client.readAll();
}

// What a window system delivers for a double-click: QTest::mouseDClick alone sends only the
// MouseButtonDblClick event, which an item view takes for a press without its click.
void doubleClick(QWidget *widget, QPoint position) {
    QTest::mousePress(widget, Qt::LeftButton, {}, position);
    QTest::mouseRelease(widget, Qt::LeftButton, {}, position);
    QTest::mouseDClick(widget, Qt::LeftButton, {}, position);
    QTest::mouseRelease(widget, Qt::LeftButton, {}, position);
}

int rowOf(const QAbstractItemModel *model, const QString &target) {
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, RequestLogModel::TargetColumn).data().toString() == target)
            return row;
    return -1;
}

} // namespace

class TestRequestDetails : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void curlCommand_data() {
        QTest::addColumn<proxy::AccessLogEntry>("entry");
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QString>("expected");
        QTest::newRow("GET") << entry("GET", "/api?x=1", "app.test", {{"Host", "app.test"}})
                             << u"http"_s
                             << u"curl --resolve app.test:8080:127.0.0.1 "
                                "'http://app.test:8080/api?x=1'"_s;
        QTest::newRow("POST, hop-by-hop headers dropped")
            << entry("POST", "/items", "app.test:8080",
                     {{"Host", "app.test:8080"},
                      {"Connection", "keep-alive, X-Hop"},
                      {"X-Hop", "1"},
                      {"Keep-Alive", "timeout=5"},
                      {"Proxy-Authorization", "secret"},
                      {"TE", "trailers"},
                      {"Content-Length", "12"},
                      {"Accept", "*/*"},
                      {"X-Canary", "true"}})
            << u"http"_s
            << u"curl -X POST --resolve app.test:8080:127.0.0.1 -H 'Accept: */*' "
               "-H 'X-Canary: true' http://app.test:8080/items"_s;
        QTest::newRow("quotes in a header")
            << entry("GET", "/", "app.test", {{"X-Note", "it's \"here\" $HOME"}}) << u"http"_s
            << u"curl --resolve app.test:8080:127.0.0.1 -H 'X-Note: it'\\''s \"here\" $HOME' "
               "http://app.test:8080/"_s;
        QTest::newRow("another Host is kept")
            << entry("GET", "/", "app.test:9999", {{"Host", "app.test:9999"}}) << u"http"_s
            << u"curl --resolve app.test:8080:127.0.0.1 -H 'Host: app.test:9999' "
               "http://app.test:8080/"_s;
        QTest::newRow("HEAD over https")
            << entry("HEAD", "/", "shop.test") << u"https"_s
            << u"curl -k --head --resolve shop.test:8080:127.0.0.1 https://shop.test:8080/"_s;
        QTest::newRow("dot segments as sent")
            << entry("GET", "/a/../b", "app.test") << u"http"_s
            << u"curl --path-as-is --resolve app.test:8080:127.0.0.1 "
               "http://app.test:8080/a/../b"_s;
        QTest::newRow("an IP address needs no --resolve")
            << entry("GET", "/", "127.0.0.1:8080") << u"http"_s << u"curl http://127.0.0.1:8080/"_s;
        QTest::newRow("malformed") << entry("", "(malformed: bad)", "") << u"http"_s << QString();
    }

    void curlCommand() {
        QFETCH(proxy::AccessLogEntry, entry);
        QFETCH(QString, scheme);
        QFETCH(QString, expected);
        QCOMPARE(CurlCommand::forEntry(entry, {scheme, u"127.0.0.1"_s, 8080}), expected);
    }

    void shellQuote_data() {
        QTest::addColumn<QString>("word");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"http://a.test:80/x"_s << u"http://a.test:80/x"_s;
        QTest::newRow("space") << u"a b"_s << u"'a b'"_s;
        QTest::newRow("quote") << u"a'b"_s << u"'a'\\''b'"_s;
        QTest::newRow("glob and variables") << u"*$x;`y`"_s << u"'*$x;`y`'"_s;
        QTest::newRow("empty") << QString() << u"''"_s;
    }

    void shellQuote() {
        QFETCH(QString, word);
        QFETCH(QString, expected);
        QCOMPARE(CurlCommand::shellQuote(word), expected);
    }

    // The route is found by its host pattern and path, so an edit since (a host inserted above)
    // still points at the right rows, and the explanation says the table has changed when the
    // route that served it is gone.
    void detailsFindTheRouteAndSayWhy() {
        Topology t = servedTopology(8080, 9001, 9002);
        proxy::AccessLogEntry e = entry("GET", "/down/x", "app.test", {{"Host", "app.test"}});
        e.status = 502;
        e.service = u"down"_s;
        e.hostPattern = u"app.test"_s;
        e.routePath = u"/down"_s;
        e.upstreamError = u"connect refused 127.0.0.1:9002"_s;
        e.durationUs = 1500;
        e.connectUs = 400;
        {
            const RequestDetails details(e, t);
            QCOMPARE(details.canvasItem(), ItemRef::route(0, 1));
            QCOMPARE(details.routeText(), u"app.test /down"_s);
            const QString text = details.text();
            QVERIFY2(text.contains(u"upstream error  connect refused 127.0.0.1:9002"_s),
                     qPrintable(text));
            QVERIFY2(text.contains(u"total 1.5 ms; upstream connection after 0.4 ms (new)"_s),
                     qPrintable(text));
            QVERIFY2(text.contains(u"GET /down/x HTTP/1.1"_s), qPrintable(text));
            QVERIFY2(details.explanation().ok(), qPrintable(details.explanation().error));
            QVERIFY(details.explanation().match.route);
            QCOMPARE(details.explanation().match.route->path, std::string("/down"));
            QVERIFY2(!text.contains(u"has changed"_s), qPrintable(text));
        }
        VirtualHost first;
        first.host = u"first.test"_s;
        t.hosts.prepend(first);
        t.hosts[1].routes.removeAt(1); // "/down" gone
        const RequestDetails details(e, t);
        QCOMPARE(details.canvasItem(), ItemRef::virtualHost(1));
        QVERIFY2(details.text().contains(u"The topology has changed since"_s),
                 qPrintable(details.text()));
    }

    void detailsSayWhichPolicyRefused() {
        const Topology t = servedTopology(8080, 9001, 9002);
        proxy::AccessLogEntry e = entry("GET", "/", "app.test", {{"Host", "app.test"}});
        e.status = 401;
        e.deniedBy = u"auth"_s;
        e.policyOrigin = u"host app.test"_s;
        e.user = "mallory";
        const QString text = RequestDetails(e, t).text();
        QVERIFY2(text.contains(u"refused by      auth policy of host app.test"_s),
                 qPrintable(text));
        QVERIFY2(text.contains(u"user            mallory"_s), qPrintable(text));
    }

    void servedRequestOpensItsDetails() {
        OkUpstream upstream;
        QVERIFY(upstream.listen(QHostAddress::LocalHost, 0));
        const quint16 port = freePort();
        const quint16 downPort = freePort();
        QVERIFY(port != downPort);
        ScriptedPrompter prompter;
        auto window = makeTestWindow(prompter, m_dir.filePath(u"autosave"_s));
        window->document()->reset(servedTopology(port, upstream.serverPort(), downPort));
        window->resize(1400, 1000);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        auto *controller = window->findChild<ProxyController *>(u"proxyController"_s);
        QVERIFY(controller);
        window->action(u"actionProxyStart"_s)->trigger();
        QVERIFY2(controller->isRunning(), qPrintable(controller->lastErrors().join(u'\n')));

        // Enough requests on parallel connections that both workers hand in batches.
        QList<QTcpSocket *> clients;
        for (int i = 0; i < 6; ++i) {
            auto *client = new QTcpSocket(this);
            client->connectToHost(QHostAddress::LocalHost, port);
            QVERIFY(client->waitForConnected(3000));
            clients << client;
        }
        for (int round = 0; round < 5; ++round) {
            for (QTcpSocket *client : std::as_const(clients))
                client->write("GET /r HTTP/1.1\r\nHost: x.demo.test\r\n\r\n");
            QTest::qWait(60);
        }
        const QByteArray ok =
            get(port, "GET /hello?a=1 HTTP/1.1\r\nHost: app.test\r\nX-Canary: it's\r\n"
                      "Connection: close\r\n\r\n");
        QVERIFY2(ok.startsWith("HTTP/1.1 200"), ok.constData());
        const QByteArray refused =
            get(port, "GET /down/x HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n");
        QVERIFY2(refused.startsWith("HTTP/1.1 502"), refused.constData());

        auto *panel = window->findChild<ProxyPanel *>();
        QVERIFY(panel);
        QTRY_VERIFY_WITH_TIMEOUT(panel->log()->rowCount() >= 32, 5000);
        qDeleteAll(clients);
        for (int row = 1; row < panel->log()->rowCount(); ++row)
            QVERIFY2(panel->log()->entry(row - 1).time <= panel->log()->entry(row).time,
                     qPrintable(u"row %1 is older than the row above"_s.arg(row)));

        auto *tabs = panel->findChild<QTabWidget *>(u"proxyTabs"_s);
        tabs->setCurrentIndex(1);
        window->findChild<QDockWidget *>(u"proxyDock"_s)->raise();
        QTableView *view = panel->logView();
        QTRY_VERIFY(view->isVisible());
        QAbstractItemModel *model = view->model();

        // Enter on the 200's row: a click makes it current, Return opens it.
        const QModelIndex okIndex = model->index(rowOf(model, u"/hello?a=1"_s), 0);
        QVERIFY(okIndex.isValid());
        view->scrollTo(okIndex);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(okIndex).center());
        QCOMPARE(view->currentIndex().row(), okIndex.row());
        QTest::keyClick(view, Qt::Key_Return);
        RequestDetailDialog *dialog = panel->detailDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QVERIFY2(dialog->text().contains(u"X-Canary: it's"_s), qPrintable(dialog->text()));
        QVERIFY2(dialog->text().contains(u"route           app.test /\n"_s),
                 qPrintable(dialog->text()));

        // Copy as curl: the command reaches the listener and gets the upstream's answer.
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"copyAsCurl"_s), Qt::LeftButton);
        const QString curl = QGuiApplication::clipboard()->text();
        QCOMPARE(curl, u"curl --resolve app.test:%1:127.0.0.1 -H 'X-Canary: it'\\''s' "
                       "'http://app.test:%1/hello?a=1'"_s.arg(port));
        {
            INGRESS_REQUIRE_TOOL(curlTool, "curl");
            QProcess run;
            run.start(u"sh"_s, {u"-c"_s, curl + u" -s --max-time 5"_s});
            QTRY_COMPARE_WITH_TIMEOUT(run.state(), QProcess::NotRunning, 8000);
            QCOMPARE(run.readAllStandardOutput(), QByteArray("ok"));
        }

        // Double-click on the refused request: its route, why, and the error.
        const int refusedRow = rowOf(model, u"/down/x"_s);
        QVERIFY(refusedRow >= 0);
        const QModelIndex refusedIndex = model->index(refusedRow, RequestLogModel::StatusColumn);
        QCOMPARE(refusedIndex.data().toInt(), 502);
        view->scrollTo(refusedIndex);
        doubleClick(view->viewport(), view->visualRect(refusedIndex).center());
        QTRY_VERIFY(dialog->text().contains(u"/down/x"_s));
        const QString text = dialog->text();
        QVERIFY2(text.contains(u"route           app.test /down\n"_s), qPrintable(text));
        QVERIFY2(text.contains(u"upstream error  connect refused 127.0.0.1:%1"_s.arg(downPort)),
                 qPrintable(text));
        QVERIFY2(text.contains(u"status          502"_s), qPrintable(text));
        QVERIFY2(text.contains(u"How it was decided"_s), qPrintable(text));
        QVERIFY2(text.contains(u"selected route #2 Prefix /down: longest prefix"_s),
                 qPrintable(text));

        // Show on Canvas selects the route: the tree and canvas follow the SelectionHub.
        window->selection()->setCurrent(ItemRef::service(0));
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"showOnCanvas"_s), Qt::LeftButton);
        QCOMPARE(window->selection()->current(), ItemRef::route(0, 1));

        // The row's context menu offers the same without opening the details.
        dialog->close();
        window->selection()->setCurrent(ItemRef::service(0));
        QGuiApplication::clipboard()->clear();
        QStringList offered;
        QTimer::singleShot(0, this, [&] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return;
            for (QAction *action : menu->actions()) {
                offered << action->text();
                if (action->text() == u"Show on Canvas"_s)
                    action->trigger();
            }
            menu->close();
        });
        // What a right-click becomes on a real window system (QTest's clicks do not make one).
        const QPoint at = view->visualRect(refusedIndex).center();
        QContextMenuEvent menuEvent(QContextMenuEvent::Mouse, at,
                                    view->viewport()->mapToGlobal(at));
        QApplication::sendEvent(view->viewport(), &menuEvent);
        QCOMPARE(offered, (QStringList{u"Details..."_s, u"Show on Canvas"_s, u"Copy as curl"_s}));
        QCOMPARE(window->selection()->current(), ItemRef::route(0, 1));
        QVERIFY(!dialog->isVisible());

        controller->stop();
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(), ProxyController::State::Stopped, 5000);
    }
};

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    TestRequestDetails tc;
    QTEST_SET_MAIN_SOURCE_PATH
    return ::ingress::testing::peerAwareExitCode(QTest::qExec(&tc, argc, argv));
}

#include "tst_requestdetails.moc"
