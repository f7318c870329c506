#include "model/yaml/topologyloader.h"
#include "proxy/balancing/healthchecker.h"
#include "proxy/balancing/healthprobe.h"
#include "proxy/balancing/servicestateregistry.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

using namespace ingress;
using namespace ingress::proxy;
using namespace std::chrono_literals;

namespace {

// A real upstream on a loopback port 0 whose health answer can be switched at run time.
class Backend : public QObject {
public:
    enum class Mode { Ok, Redirect, Error, Stall, Garbage };

    Backend() {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                QObject::connect(socket, &QTcpSocket::readyRead, socket,
                                 [this, socket] { serve(socket); });
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }
    std::string address() const { return "127.0.0.1:" + std::to_string(port()); }
    void setMode(Mode mode) { m_mode = mode; }
    int requests() const { return m_requests; }
    QByteArray lastRequest() const { return m_lastRequest; }

private:
    void serve(QTcpSocket *socket) {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (!buffer.contains("\r\n\r\n"))
            return;
        ++m_requests;
        m_lastRequest = buffer;
        switch (m_mode) {
        case Mode::Ok:
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
            break;
        case Mode::Redirect:
            socket->write("HTTP/1.1 302 Found\r\nLocation: /\r\nContent-Length: 0\r\n\r\n");
            break;
        case Mode::Error:
            socket->write("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
            break;
        case Mode::Garbage:
            socket->write("SSH-2.0-OpenSSH_9.2\r\n");
            break;
        case Mode::Stall:
            return; // never answers, keeps the connection open
        }
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    Mode m_mode = Mode::Ok;
    int m_requests = 0;
    QByteArray m_lastRequest;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

HealthTarget target(const std::string &name, const std::vector<const Backend *> &backends,
                    std::optional<HealthCheck> check, ServiceStatePtr state = nullptr) {
    HealthTarget t;
    t.service.name = name;
    t.service.healthCheck = check;
    const bool fresh = !state;
    if (fresh) {
        state = std::make_shared<ServiceState>();
        state->name = name;
    }
    for (const Backend *backend : backends) {
        CompiledEndpoint endpoint;
        endpoint.index = int(t.service.endpoints.size());
        endpoint.host = "127.0.0.1";
        endpoint.port = backend->port();
        endpoint.address = backend->address();
        t.service.endpoints.push_back(endpoint);
        if (fresh) {
            state->endpoints.push_back(std::make_unique<EndpointState>());
            state->endpoints.back()->address = endpoint.address;
        }
    }
    t.state = state;
    return t;
}

HealthCheck fastCheck(int unhealthy = 2, int healthy = 2, Duration timeout = 300ms) {
    HealthCheck check;
    check.path = "/healthz";
    check.interval = 40ms;
    check.timeout = timeout;
    check.unhealthyThreshold = unhealthy;
    check.healthyThreshold = healthy;
    return check;
}

// Collected healthChanged batches, flattened.
QList<EndpointHealth> changes(const QSignalSpy &spy) {
    QList<EndpointHealth> all;
    for (const QList<QVariant> &arguments : spy)
        all += arguments.at(0).value<QList<EndpointHealth>>();
    return all;
}

} // namespace

class TestHealthChecker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void statusLine_data() {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("status");
        QTest::newRow("ok") << QByteArray("HTTP/1.1 200 OK") << 200;
        QTest::newRow("no reason") << QByteArray("HTTP/1.0 503") << 503;
        QTest::newRow("http2 text") << QByteArray("HTTP/2 200 OK") << -1;
        QTest::newRow("letters") << QByteArray("HTTP/1.1 2x0 OK") << -1;
        QTest::newRow("four digits") << QByteArray("HTTP/1.1 2000 OK") << -1;
        QTest::newRow("ssh") << QByteArray("SSH-2.0-OpenSSH_9.2") << -1;
        QTest::newRow("empty") << QByteArray() << -1;
    }
    void statusLine() {
        QFETCH(QByteArray, line);
        QFETCH(int, status);
        QCOMPARE(HealthProbe::parseStatusLine(line), status);
    }

    // One probe against each kind of upstream; the request is the documented one.
    void probe_data() {
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("healthy");
        QTest::addColumn<QString>("detail");
        QTest::newRow("200") << int(Backend::Mode::Ok) << true << "HTTP 200";
        QTest::newRow("302") << int(Backend::Mode::Redirect) << true << "HTTP 302";
        QTest::newRow("500") << int(Backend::Mode::Error) << false << "HTTP 500";
        QTest::newRow("not http") << int(Backend::Mode::Garbage) << false << "no HTTP status line";
        QTest::newRow("stall") << int(Backend::Mode::Stall) << false << "timed out after 200 ms";
    }
    void probe() {
        QFETCH(int, mode);
        QFETCH(bool, healthy);
        QFETCH(QString, detail);
        Backend backend;
        backend.setMode(Backend::Mode(mode));
        HealthProbe probe;
        QSignalSpy finished(&probe, &HealthProbe::finished);
        QElapsedTimer timer;
        timer.start();
        probe.start("127.0.0.1", backend.port(), QByteArray::fromStdString(backend.address()),
                    "/healthz", 200);
        QVERIFY(finished.wait(2000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), healthy);
        QCOMPARE(finished.at(0).at(1).toString(), detail);
        QVERIFY(timer.elapsed() < 1500);
        const QByteArray request = backend.lastRequest();
        QVERIFY2(request.startsWith("GET /healthz HTTP/1.1\r\n"), request.constData());
        QVERIFY(
            request.contains("\r\nHost: " + QByteArray::fromStdString(backend.address()) + "\r\n"));
        QVERIFY(request.contains("\r\nConnection: close\r\n"));
        QTest::qWait(50);
        QCOMPARE(finished.size(), 1); // exactly once
    }

    void probeRefused() {
        quint16 port = 0;
        {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
            port = closed.serverPort();
        }
        HealthProbe probe;
        QSignalSpy finished(&probe, &HealthProbe::finished);
        probe.start("127.0.0.1", port, "127.0.0.1", "/", 1000);
        QVERIFY(finished.wait(2000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY(!finished.at(0).at(1).toString().isEmpty());
    }

    // Thresholds: going down takes unhealthyThreshold failures, coming back healthyThreshold
    // successes; each change is reported once and written to the shared state.
    void thresholds_data() {
        QTest::addColumn<int>("failMode");
        QTest::addColumn<int>("unhealthy");
        QTest::addColumn<int>("healthy");
        QTest::newRow("500, 2/2") << int(Backend::Mode::Error) << 2 << 2;
        QTest::newRow("500, 3/1") << int(Backend::Mode::Error) << 3 << 1;
        QTest::newRow("stall, 2/2") << int(Backend::Mode::Stall) << 2 << 2;
    }
    void thresholds() {
        QFETCH(int, failMode);
        QFETCH(int, unhealthy);
        QFETCH(int, healthy);
        Backend good, bad;
        bad.setMode(Backend::Mode(failMode));
        HealthChecker checker;
        QSignalSpy spy(&checker, &HealthChecker::healthChanged);
        const HealthTarget t = target("svc", {&good, &bad}, fastCheck(unhealthy, healthy, 100ms));
        checker.update({t});
        QVERIFY(t.state->endpoints[1]->activeHealthy); // healthy until proven otherwise

        QTRY_VERIFY_WITH_TIMEOUT(!t.state->endpoints[1]->activeHealthy, 3000);
        QVERIFY(bad.requests() >= unhealthy);
        QTRY_COMPARE_WITH_TIMEOUT(changes(spy).size(), 1, 1000);
        EndpointHealth down = changes(spy).at(0);
        QCOMPARE(down.service, QStringLiteral("svc"));
        QCOMPARE(down.address, QString::fromStdString(bad.address()));
        QCOMPARE(down.healthy, false);
        QVERIFY(!down.detail.isEmpty());
        QVERIFY(t.state->endpoints[0]->activeHealthy);

        const int before = bad.requests();
        bad.setMode(Backend::Mode::Ok);
        QTRY_VERIFY_WITH_TIMEOUT(t.state->endpoints[1]->activeHealthy, 3000);
        if (failMode != int(Backend::Mode::Stall)) // stalled probes were counted at connect
            QVERIFY(bad.requests() - before >= healthy);
        QTRY_COMPARE_WITH_TIMEOUT(changes(spy).size(), 2, 1000);
        QCOMPARE(changes(spy).at(1).healthy, true);
        QCOMPARE(changes(spy).at(1).detail, QStringLiteral("HTTP 200"));
        // The good endpoint never changed, so it was never reported.
        for (const EndpointHealth &change : changes(spy))
            QCOMPARE(change.address, QString::fromStdString(bad.address()));
    }

    // The engine's way: the checker on its own thread, updates and signals crossing threads.
    void runsOnItsOwnThread() {
        Backend a, b;
        b.setMode(Backend::Mode::Error);
        QThread thread;
        auto *checker = new HealthChecker;
        checker->moveToThread(&thread);
        connect(&thread, &QThread::finished, checker, &QObject::deleteLater);
        thread.start();
        // Not a QSignalSpy: it appends in the emitting thread. A receiver on this thread gets
        // the batches queued, as the engine's controller does.
        QList<EndpointHealth> received;
        QObject receiver;
        connect(checker, &HealthChecker::healthChanged, &receiver,
                [&](const QList<EndpointHealth> &batch) {
                    QCOMPARE(QThread::currentThread(), receiver.thread());
                    received += batch;
                });
        const HealthTarget t1 = target("one", {&a, &b}, fastCheck());
        const HealthTarget t2 = target("two", {&b}, fastCheck());
        checker->update({t1, t2});
        // Both verdicts on b arrive, likely in one batch.
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 2, 3000);
        QVERIFY(!t1.state->endpoints[1]->activeHealthy);
        QVERIFY(!t2.state->endpoints[0]->activeHealthy);
        QVERIFY(t1.state->endpoints[0]->activeHealthy);
        thread.quit();
        QVERIFY(thread.wait(5000));
    }

    // Reload: unchanged endpoints keep verdict and counters; removed checks clear verdicts;
    // new endpoints are probed at once.
    void updateKeepsState() {
        Backend good, bad, added;
        bad.setMode(Backend::Mode::Error);
        HealthChecker checker;
        QSignalSpy spy(&checker, &HealthChecker::healthChanged);
        HealthCheck check = fastCheck();
        check.interval = 100ms;
        const HealthTarget first = target("svc", {&good, &bad}, check);
        checker.update({first});
        QTRY_VERIFY_WITH_TIMEOUT(!first.state->endpoints[1]->activeHealthy, 3000);

        // Same endpoints plus one, same state objects (as ServiceStateRegistry would rebuild
        // with a new object when the list changes: use a fresh state to show the verdict is
        // carried into it).
        const HealthTarget second = target("svc", {&good, &bad, &added}, check);
        checker.update({second});
        QVERIFY(!second.state->endpoints[1]->activeHealthy); // carried over at once
        QVERIFY(second.state->endpoints[2]->activeHealthy);
        QTRY_VERIFY_WITH_TIMEOUT(added.requests() >= 1, 1000);
        QCOMPARE(checker.health().size(), 3);
        const int reported = int(changes(spy).size());

        // The health check removed: the endpoint is released.
        const HealthTarget third = target("svc", {&good, &bad}, std::nullopt, second.state);
        checker.update({third});
        QVERIFY(second.state->endpoints[1]->activeHealthy);
        QTRY_COMPARE_WITH_TIMEOUT(int(changes(spy).size()), reported + 1, 1000);
        QCOMPARE(changes(spy).last().healthy, true);
        QCOMPARE(checker.health().size(), 0);
        const int requests = bad.requests();
        QTest::qWait(300);
        QCOMPARE(bad.requests(), requests); // no more probes
    }

    // The engine's path: compiled table -> registry states -> targets.
    void targetsFromCompiledTable() {
        const LoadResult loaded =
            TopologyLoader::loadFile(QStringLiteral(INGRESS_SOURCE_DIR "/examples/shop.yaml"));
        QVERIFY(loaded.ok());
        const RoutingTablePtr table = RoutingTable::compile(*loaded.topology);
        QVERIFY(table);
        ServiceStateRegistry registry;
        const std::vector<ServiceStatePtr> states = registry.update(*table);
        const std::vector<HealthTarget> targets = HealthChecker::targets(*table, states);
        QCOMPARE(targets.size(), table->services().size());
        QCOMPARE(targets.front().service.name, std::string("food"));
        QVERIFY(targets.front().service.healthCheck);
        QCOMPARE(targets.front().state, states.front());
        QCOMPARE(targets.front().state->endpoints.size(), std::size_t(2));
        QCOMPARE(registry.update(*table), states); // an identical reload keeps every state
    }

    void targetsWithoutStateIgnored() {
        HealthChecker checker;
        HealthTarget t;
        t.service.name = "x";
        t.service.healthCheck = fastCheck();
        CompiledEndpoint endpoint;
        endpoint.address = "127.0.0.1:1";
        t.service.endpoints.push_back(endpoint);
        checker.update({t});
        QCOMPARE(checker.health().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHealthChecker)
#include "tst_healthchecker.moc"
