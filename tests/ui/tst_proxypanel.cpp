#include "model/items/documenteditor.h"
#include "model/items/topologydocument.h"
#include "tests/ui/okupstream.h"
#include "ui/proxy/metricscharts.h"
#include "ui/proxy/proxycontroller.h"
#include "ui/proxy/proxypanel.h"
#include "ui/proxy/requestlogmodel.h"

#include <QAbstractItemModelTester>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUndoStack>

using namespace ingress;
using namespace ingress::ui;
using namespace ingress::ui::testing;
using namespace Qt::StringLiterals;

namespace {

proxy::AccessLogEntry entry(int status, const char *target) {
    proxy::AccessLogEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.method = "GET";
    e.target = target;
    e.host = "food.bar.com";
    e.status = status;
    e.service = QStringLiteral("food");
    return e;
}

// One listener on a free loopback port, one host, one route to the upstream at `upstreamPort`.
Topology servedTopology(quint16 upstreamPort) {
    Topology t;
    t.name = QStringLiteral("test");
    t.listeners = {Listener{
        QStringLiteral("web"), QStringLiteral("127.0.0.1:%1").arg(freePort()), Protocol::Http, {}}};
    Service s;
    s.name = QStringLiteral("up");
    s.endpoints = {Endpoint{QStringLiteral("127.0.0.1:%1").arg(upstreamPort), 1, {}}};
    t.services = {s};
    VirtualHost h;
    h.host = QStringLiteral("app.test");
    Route r;
    r.service = QStringLiteral("up");
    h.routes = {r};
    t.hosts = {h};
    return t;
}

} // namespace

class TestProxyPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void requestLogBatchesPauseAndBound_data() {
        QTest::addColumn<int>("capacity");
        QTest::addColumn<int>("batches");
        QTest::addColumn<int>("expectedRows");
        QTest::newRow("fits") << 100 << 3 << 6;
        QTest::newRow("bounded") << 4 << 3 << 4;
    }

    void requestLogBatchesPauseAndBound() {
        QFETCH(int, capacity);
        QFETCH(int, batches);
        QFETCH(int, expectedRows);
        RequestLogModel model(capacity);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < batches; ++i)
            model.append({entry(200, "/a"), entry(503, "/b")});
        QCOMPARE(model.rowCount(), expectedRows);
        QCOMPARE(model.index(model.rowCount() - 1, RequestLogModel::StatusColumn).data().toInt(),
                 503);
        model.setPaused(true);
        model.append({entry(404, "/paused")});
        QCOMPARE(model.rowCount(), expectedRows);
        QCOMPARE(model.pendingCount(), 1);
        model.setPaused(false);
        QCOMPARE(model.index(model.rowCount() - 1, RequestLogModel::TargetColumn).data().toString(),
                 QStringLiteral("/paused"));
    }

    // Workers hand their entries over in per-worker batches, so batches overlap in time; the
    // log shows them in request order all the same. Each batch is "ms:target ..." with times
    // relative to a base; `expected` is the targets top to bottom.
    void requestLogKeepsTimeOrder_data() {
        QTest::addColumn<QStringList>("batches");
        QTest::addColumn<int>("capacity");
        QTest::addColumn<QString>("expected");
        QTest::newRow("in order") << QStringList{u"1:a 2:b"_s, u"3:c"_s} << 10 << u"a b c"_s;
        QTest::newRow("older batch after newer")
            << QStringList{u"5:e 6:f"_s, u"1:a 2:b"_s} << 10 << u"a b e f"_s;
        QTest::newRow("interleaved workers")
            << QStringList{u"1:a 4:d 7:g"_s, u"2:b 3:c 8:h"_s, u"5:e 6:f"_s} << 10
            << u"a b c d e f g h"_s;
        QTest::newRow("unsorted batch") << QStringList{u"3:c 1:a 2:b"_s} << 10 << u"a b c"_s;
        QTest::newRow("equal times keep arrival order")
            << QStringList{u"1:a 2:b"_s, u"2:c 1:d"_s} << 10 << u"a d b c"_s;
        QTest::newRow("bounded: the oldest go")
            << QStringList{u"4:d 5:e"_s, u"1:a 2:b 3:c"_s, u"6:f"_s} << 3 << u"d e f"_s;
        QTest::newRow("bounded: a batch older than all is dropped")
            << QStringList{u"4:d 5:e 6:f"_s, u"1:a 2:b"_s} << 3 << u"d e f"_s;
    }

    void requestLogKeepsTimeOrder() {
        QFETCH(QStringList, batches);
        QFETCH(int, capacity);
        QFETCH(QString, expected);
        RequestLogModel model(capacity);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDateTime base = QDateTime::currentDateTimeUtc();
        for (const QString &batch : batches) {
            QList<proxy::AccessLogEntry> entries;
            for (const QString &item : batch.split(u' ')) {
                proxy::AccessLogEntry e = entry(200, qPrintable(item.section(u':', 1)));
                e.time = base.addMSecs(item.section(u':', 0, 0).toInt());
                entries << e;
            }
            model.append(entries);
        }
        QStringList targets;
        for (int row = 0; row < model.rowCount(); ++row)
            targets << model.index(row, RequestLogModel::TargetColumn).data().toString();
        QCOMPARE(targets.join(u' '), expected);
    }

    void requestLogOrderSurvivesPause() {
        RequestLogModel model(10);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDateTime base = QDateTime::currentDateTimeUtc();
        auto at = [&](int ms, const char *target) {
            proxy::AccessLogEntry e = entry(200, target);
            e.time = base.addMSecs(ms);
            return e;
        };
        model.append({at(2, "b")});
        model.setPaused(true);
        model.append({at(4, "d"), at(5, "e")});
        model.append({at(1, "a"), at(3, "c")});
        model.setPaused(false);
        QStringList targets;
        for (int row = 0; row < model.rowCount(); ++row)
            targets << QString::fromLatin1(model.entry(row).target);
        QCOMPARE(targets.join(u' '), u"a b c d e"_s);
    }

    void chartsComputeRates() {
        MetricsCharts charts;
        proxy::MetricsSnapshot a;
        a.total.requests = 100;
        proxy::MetricsSnapshot b;
        b.total.requests = 150;
        b.total.deniedRate = 6;
        b.total.deniedAuth = 4;
        b.total.deniedExternalAuth = 2;
        charts.addSnapshot(a, 10.0);
        charts.addSnapshot(b, 12.0);
        QCOMPARE(charts.lastRequestsPerSecond(), 25.0);
        QCOMPARE(charts.lastRefusedPerSecond(), 6.0);
    }

    void servesAndCountersMove() {
        OkUpstream upstream;
        QVERIFY(upstream.listen(QHostAddress::LocalHost, 0));
        const Topology t = servedTopology(upstream.serverPort());
        TopologyDocument document;
        document.reset(t);

        ProxyController controller(&document);
        ProxyPanel panel(&controller, &document);
        controller.setPollInterval(100);
        QVERIFY2(controller.start(), qPrintable(controller.lastErrors().join(u'\n')));
        QVERIFY(controller.isRunning());
        const quint16 port = controller.port(QStringLiteral("web"));
        QCOMPARE(port, t.listeners.at(0).bind.section(u':', 1).toUShort());

        for (int i = 0; i < 3; ++i) {
            QTcpSocket client;
            client.connectToHost(QHostAddress::LocalHost, port);
            QVERIFY(client.waitForConnected(3000));
            client.write("GET / HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n");
            QByteArray response;
            QElapsedTimer timer;
            timer.start();
            while (!response.contains("ok") && timer.elapsed() < 5000) {
                QTest::qWait(10);
                response += client.readAll();
            }
            QVERIFY2(response.startsWith("HTTP/1.1 200"), response.constData());
        }
        QTRY_VERIFY_WITH_TIMEOUT(controller.metricsSnapshot().total.requests >= 3, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(panel.log()->rowCount() >= 3, 5000);
        QSignalSpy stopped(&controller, &ProxyController::stateChanged);
        controller.stop();
        QTRY_COMPARE_WITH_TIMEOUT(controller.state(), ProxyController::State::Stopped, 5000);
    }

    // Edits after a start are not served until a reload: the panel says so and its Reload
    // button (a real click) applies them, or lists the errors that stop it.
    void saysWhenTheDesignDiffersFromWhatIsServed() {
        OkUpstream upstream;
        QVERIFY(upstream.listen(QHostAddress::LocalHost, 0));
        TopologyDocument document;
        document.reset(servedTopology(upstream.serverPort()));
        ProxyController controller(&document);
        ProxyPanel panel(&controller, &document);
        panel.show();
        QWidget *banner = panel.outdatedBanner();
        auto *reload = banner->findChild<QPushButton *>(QStringLiteral("outdatedReload"));
        QVERIFY(reload);
        QVERIFY2(controller.start(), qPrintable(controller.lastErrors().join(u'\n')));
        QVERIFY(!banner->isVisible());

        Route r = document.topology().hosts.at(0).routes.at(0);
        r.firstMatch().path = QStringLiteral("/v2");
        DocumentEditor(&document).replace(ItemRef::route(0, 0), r);
        QVERIFY(banner->isVisible());
        QVERIFY(controller.isServingOlderDesign());
        // Moving a canvas node is not a change to what is served.
        document.undoStack()->undo();
        QVERIFY(!banner->isVisible());
        document.setCanvasPosition(QStringLiteral("host:app.test"), QPointF(10, 10));
        QVERIFY(!banner->isVisible());
        document.undoStack()->redo();
        QVERIFY(banner->isVisible());
        QTest::mouseClick(reload, Qt::LeftButton);
        QVERIFY(!banner->isVisible());

        // A design with errors is refused, the errors listed, the banner stays.
        VirtualHost h = document.topology().hosts.at(0);
        h.host = QStringLiteral("not a host");
        DocumentEditor(&document).replace(ItemRef::virtualHost(0), h);
        QSignalSpy problems(&controller, &ProxyController::problem);
        QTest::mouseClick(reload, Qt::LeftButton);
        QCOMPARE(problems.count(), 1);
        QVERIFY2(problems.at(0).at(0).toString().contains(QStringLiteral("not a host")),
                 qPrintable(problems.at(0).at(0).toString()));
        QVERIFY(banner->isVisible());
        controller.stop();
        QTRY_COMPARE_WITH_TIMEOUT(controller.state(), ProxyController::State::Stopped, 5000);
        QVERIFY(!banner->isVisible());
    }

    void refusesInvalidTopology() {
        Topology t;
        VirtualHost h;
        h.host = QStringLiteral("app.test");
        Route r;
        r.service = QStringLiteral("missing");
        h.routes = {r};
        t.hosts = {h};
        TopologyDocument document;
        document.reset(t);
        ProxyController controller(&document);
        QSignalSpy problems(&controller, &ProxyController::problem);
        QVERIFY(!controller.start());
        QVERIFY(!controller.isRunning());
        QCOMPARE(problems.count(), 1);
        // The status bar shows the first line: it must say what is wrong on its own, not end
        // in a colon ("fix them before serving it:").
        const QString first = problems.at(0).at(0).toString().section(u'\n', 0, 0);
        QVERIFY2(first.contains(QStringLiteral("missing")) && !first.endsWith(u':'),
                 qPrintable(first));
    }
};

QTEST_MAIN(TestProxyPanel)
#include "tst_proxypanel.moc"
