// Live traffic on the canvas: the real MainWindow, its ProxyController serving loopback requests
// to real backends, and the canvas items' state after the controller's polls.
#include "tests/common/topologybuilders.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"
#include "tests/ui/mainwindowfixture.h"
#include "ui/canvas/canvasedgeitem.h"
#include "ui/canvas/canvasnodeitem.h"
#include "ui/canvas/topologycanvas.h"
#include "ui/proxy/proxycontroller.h"

#include <algorithm>
#include <functional>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::ui;
using namespace ingress::testing;

namespace {

// A port nothing listens on (the validator refuses port 0 in a document, and a dead endpoint
// needs a port that refuses connections).
quint16 unusedPort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class TestCanvasTraffic : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    ui::testing::ScriptedPrompter m_prompter;
    std::unique_ptr<MainWindow> m_window;
    ProxyController *m_controller = nullptr;
    std::unique_ptr<test::TestBackend> m_backend;
    quint16 m_port = 0;
    quint16 m_deadPort = 0;

    TopologyCanvas *canvas() const { return m_window->canvas(); }

    CanvasNodeItem *itemByKey(const QString &key) const {
        const auto &nodes = canvas()->layout().nodes();
        for (std::size_t n = 0; n < nodes.size(); ++n)
            if (nodes[n].isAlive() && nodes[n].key == key)
                return canvas()->nodeItem(int(n));
        return nullptr;
    }

    // The edge items at `key`'s node, on the side given (into it, or out of it).
    QList<CanvasEdgeItem *> edgesAt(const QString &key, bool into) const {
        QList<CanvasEdgeItem *> result;
        const CanvasNodeItem *item = itemByKey(key);
        if (!item)
            return result;
        for (int edge : canvas()->layout().edgesOf(item->node())) {
            const CanvasEdge &e = canvas()->layout().edges()[std::size_t(edge)];
            if ((into ? e.to : e.from) == item->node())
                if (CanvasEdgeItem *edgeItem = canvas()->edgeItem(edge))
                    result << edgeItem;
        }
        return result;
    }

    bool edgeBusy(const QString &key, bool into) const {
        const QList<CanvasEdgeItem *> edges = edgesAt(key, into);
        return !edges.isEmpty() && std::all_of(edges.begin(), edges.end(),
                                               [](auto *e) { return e->rate().value_or(0) > 0; });
    }

    // Sends `requests` rounds until `done` holds after a poll, for at most 10 s: rates are
    // measured between two samples, so the load must go on while the test looks.
    bool loadUntil(const QList<QByteArray> &requests, const std::function<bool()> &done) {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 10000) {
            for (const QByteArray &raw : requests)
                test::request(m_port, raw, 3000);
            QTest::qWait(30);
            if (done())
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void init() {
        m_backend = std::make_unique<test::TestBackend>(QStringLiteral("a"));
        m_port = unusedPort();
        m_deadPort = unusedPort();
        Topology t;
        t.name = QStringLiteral("traffic");
        t.listeners = {listener(QStringLiteral("web"), QStringLiteral("127.0.0.1:%1").arg(m_port))};
        t.services = {
            service(QStringLiteral("up"),
                    {m_backend->address(), QStringLiteral("127.0.0.1:%1").arg(m_deadPort)}),
            service(QStringLiteral("errors"), {m_backend->address()}),
            service(QStringLiteral("fallback"), {m_backend->address()})};
        t.hosts = {host(QStringLiteral("app.test"),
                        {prefix(QStringLiteral("/"), QStringLiteral("up")),
                         prefix(QStringLiteral("/status"), QStringLiteral("errors"))})};
        t.defaultService = QStringLiteral("fallback");
        m_window = ui::testing::makeTestWindow(m_prompter, m_dir.path());
        m_window->document()->reset(t);
        m_window->resize(1400, 900);
        m_window->show();
        canvas()->relayoutNow();
        QCoreApplication::processEvents();
        m_controller = m_window->findChild<ProxyController *>(QStringLiteral("proxyController"));
        QVERIFY(m_controller);
        m_controller->setPollInterval(100);
        QVERIFY2(m_controller->start(), qPrintable(m_controller->lastErrors().join(u'\n')));
    }

    void cleanup() {
        m_window.reset();
        m_backend.reset();
    }

    void edgesCarryTheRate() {
        const QByteArray root = test::get("app.test", "/");
        QVERIFY(loadUntil({root}, [this] {
            return edgeBusy(QStringLiteral("listener:web"), true) &&
                   edgeBusy(QStringLiteral("host:app.test"), true) &&
                   edgeBusy(QStringLiteral("route:app.test /"), true) &&
                   edgeBusy(QStringLiteral("route:app.test /"), false);
        }));
        const QString live = QStringLiteral("endpoint:up/") + m_backend->address();
        QVERIFY(loadUntil({root}, [&] { return edgeBusy(live, true); }));
        CanvasNodeItem *route = itemByKey(QStringLiteral("route:app.test /"));
        QVERIFY(route && route->traffic());
        QVERIFY(route->traffic()->rate > 0);
        QVERIFY(!route->trafficText().isEmpty());
        CanvasNodeItem *endpoint = itemByKey(live);
        QVERIFY(endpoint->traffic()->share > 0);
        QCOMPARE(endpoint->traffic()->health, NodeTraffic::Health::Healthy);
    }

    void downEndpointShowsIt() {
        const QString dead = QStringLiteral("endpoint:up/127.0.0.1:%1").arg(m_deadPort);
        QVERIFY(loadUntil({test::get("app.test", "/")}, [&] {
            const CanvasNodeItem *item = itemByKey(dead);
            return item && item->traffic() &&
                   (item->traffic()->health == NodeTraffic::Health::Ejected ||
                    item->traffic()->health == NodeTraffic::Health::Unhealthy);
        }));
        // Not the colour of a healthy one.
        const NodeTraffic::Health health = itemByKey(dead)->traffic()->health;
        QVERIFY(CanvasNodeItem::healthColor(health) !=
                CanvasNodeItem::healthColor(NodeTraffic::Health::Healthy));
    }

    void routeShows5xxRate() {
        QVERIFY(loadUntil({test::get("app.test", "/status/503")}, [this] {
            const CanvasNodeItem *route = itemByKey(QStringLiteral("route:app.test /status"));
            return route && route->traffic() && route->traffic()->rate5xx > 0;
        }));
        const CanvasNodeItem *route = itemByKey(QStringLiteral("route:app.test /status"));
        QVERIFY2(route->trafficText().contains(QStringLiteral("5xx")),
                 qPrintable(route->trafficText()));
        // The other route answers 200s: no error rate there.
        const CanvasNodeItem *root = itemByKey(QStringLiteral("route:app.test /"));
        QCOMPARE(root->traffic()->rate5xx, 0.0);
    }

    void unmatchedRequestsTakeTheFallbackEdge() {
        QVERIFY(loadUntil({test::get("nobody.test", "/")}, [this] {
            for (CanvasEdgeItem *edge : edgesAt(QStringLiteral("service:fallback"), true))
                if (edge->isFallback() && edge->rate().value_or(0) > 0)
                    return true;
            return false;
        }));
    }

    void stoppingClearsTheTraffic() {
        QVERIFY(loadUntil({test::get("app.test", "/")},
                          [this] { return edgeBusy(QStringLiteral("host:app.test"), true); }));
        m_controller->stop();
        QTRY_COMPARE_WITH_TIMEOUT(m_controller->state(), ProxyController::State::Stopped, 5000);
        QVERIFY(!canvas()->traffic().isActive());
        const auto &nodes = canvas()->layout().nodes();
        for (std::size_t n = 0; n < nodes.size(); ++n)
            if (CanvasNodeItem *item = canvas()->nodeItem(int(n)))
                QVERIFY(!item->traffic());
        for (CanvasEdgeItem *edge : edgesAt(QStringLiteral("host:app.test"), true))
            QVERIFY(!edge->rate());
    }
};

QTEST_MAIN(TestCanvasTraffic)
#include "tst_canvastraffic.moc"
