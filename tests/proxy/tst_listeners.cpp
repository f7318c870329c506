// Accepting (docs/proxy.md, "Accepting"): the engine binds each listener once and every worker
// accepts from its socket, so a free worker takes a connection while another is busy; the
// connection limit sheds at the door; a worker that stops accepting leaves connections queued
// for the others; reloads that move listeners never leave a worker on a closed socket.
#include "model/routing/routingtable.h"
#include "proxy/balancing/servicestateregistry.h"
#include "proxy/listenerserver.h"
#include "proxy/proxyengine.h"
#include "proxy/worker.h"
#include "proxy/workereventdispatcher.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTest>
#include <QThread>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

namespace {

constexpr int workerCount = 2;

// Two workers on threads of their own, sharing one listener the way ProxyEngine sets them up,
// with a handle to keep either one busy.
class WorkerPool {
public:
    WorkerPool(const RoutingTablePtr &table, const proxy::ProxySettings &settings) {
        auto config = std::make_shared<proxy::EngineConfig>();
        config->table = table;
        config->serviceStates = m_states.update(*table);
        for (int i = 0; i < workerCount; ++i) {
            auto *thread = new QThread;
            thread->setEventDispatcher(new proxy::WorkerEventDispatcher);
            proxy::ProxySettings workerSettings = settings;
            workerSettings.workers = workerCount; // as the engine resolves it
            auto *worker = new proxy::Worker(i, workerSettings, nullptr, &m_connections);
            worker->moveToThread(thread);
            QObject::connect(thread, &QThread::finished, worker, &QObject::deleteLater);
            thread->start();
            m_threads.push_back(thread);
            m_workers.push_back(worker);
            run(i, [worker, config] { worker->setConfig(config); });
        }
    }
    ~WorkerPool() {
        for (int i = 0; i < workerCount; ++i)
            run(i, [w = m_workers[i]] { w->shutdown(); });
        for (QThread *t : m_threads) {
            t->quit();
            t->wait();
            delete t;
        }
    }

    template <typename F> void run(int worker, F f) {
        QMetaObject::invokeMethod(m_workers[worker], f, Qt::BlockingQueuedConnection);
    }
    int connectionsOf(int worker) {
        int n = 0;
        run(worker, [&] { n = m_workers[worker]->connectionCount(); });
        return n;
    }
    void startAccepting(int worker, int fd) {
        run(worker, [w = m_workers[worker], fd] { w->startAccepting(fd, "web"); });
    }
    void stopAccepting(int worker, int fd) {
        run(worker, [w = m_workers[worker], fd] { w->stopAccepting(fd); });
    }
    // Keeps the worker's thread inside a call until release(), as a long TLS handshake would.
    // Returns once the worker is inside the call: a connection made afterwards cannot be one it
    // accepted on its way there.
    void block(int worker) {
        QMetaObject::invokeMethod(
            m_workers[worker],
            [this] {
                m_entered.release();
                m_gate.tryAcquire(1, 10000);
            },
            Qt::QueuedConnection);
        m_entered.acquire();
    }
    void release() { m_gate.release(); }
    int engineConnections() const { return m_connections.load(); }

private:
    proxy::ServiceStateRegistry m_states;
    std::atomic<int> m_connections{0};
    std::vector<QThread *> m_threads;
    std::vector<proxy::Worker *> m_workers;
    QSemaphore m_gate;
    QSemaphore m_entered;
};

Topology webTopology(const TestBackend &backend,
                     const QString &listenerName = QStringLiteral("web")) {
    Topology t;
    t.listeners = {listener(listenerName)};
    t.services = {service(QStringLiteral("alpha"), {backend.address()})};
    t.hosts = {
        host(QStringLiteral("alpha.test"), {prefix(QStringLiteral("/"), QStringLiteral("alpha"))})};
    return t;
}

// Opens a connection and makes one request on it, leaving it open (keep-alive).
std::unique_ptr<RawClient> served(quint16 port) {
    auto client = std::make_unique<RawClient>();
    if (!client->connectTo(port))
        return nullptr;
    client->send(get("alpha.test", "/"));
    const auto response = client->read(5000);
    return response && response->status == 200 ? std::move(client) : nullptr;
}

} // namespace

class TestListeners : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aFreeWorkerTakesTheConnection_data();
    void aFreeWorkerTakesTheConnection();
    void connectionLimitShedsAtTheDoor();
    void stoppedWorkersLeaveConnectionsQueued();
    void outOfDescriptorsPausesAccepting();
    void reloadsMovingListeners();

private:
    std::unique_ptr<TestBackend> m_backend;
};

void TestListeners::initTestCase() {
    m_backend = std::make_unique<TestBackend>(QStringLiteral("alpha"));
}

void TestListeners::aFreeWorkerTakesTheConnection_data() {
    QTest::addColumn<int>("busy");
    QTest::newRow("worker 0 busy") << 0;
    QTest::newRow("worker 1 busy") << 1;
}

void TestListeners::aFreeWorkerTakesTheConnection() {
    QFETCH(int, busy);
    const int free = 1 - busy;
    WorkerPool pool(RoutingTable::compile(webTopology(*m_backend)), {});
    proxy::ListenerServer server("web", "web");
    QVERIFY(server.open(QHostAddress::LocalHost, 0));
    for (int i = 0; i < workerCount; ++i)
        pool.startAccepting(i, int(server.socketDescriptor()));

    pool.block(busy);
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 5; ++i) {
        clients.push_back(served(server.serverPort()));
        QVERIFY2(clients.back(), "a connection waited for the busy worker");
    }
    pool.release();
    QCOMPARE(pool.connectionsOf(free), 5);
    QCOMPARE(pool.connectionsOf(busy), 0);

    // Once free again, the other worker serves too.
    pool.block(free);
    clients.push_back(served(server.serverPort()));
    QVERIFY(clients.back());
    pool.release();
    QCOMPARE(pool.connectionsOf(busy), 1);
    for (int i = 0; i < workerCount; ++i)
        pool.stopAccepting(i, int(server.socketDescriptor()));
}

void TestListeners::connectionLimitShedsAtTheDoor() {
    proxy::ProxySettings settings;
    settings.maxConnections = 2;
    WorkerPool pool(RoutingTable::compile(webTopology(*m_backend)), settings);
    proxy::ListenerServer server("web", "web");
    QVERIFY(server.open(QHostAddress::LocalHost, 0));
    for (int i = 0; i < workerCount; ++i)
        pool.startAccepting(i, int(server.socketDescriptor()));

    auto first = served(server.serverPort());
    auto second = served(server.serverPort());
    QVERIFY(first && second);
    RawClient over;
    QVERIFY(over.connectTo(server.serverPort()));
    over.send(get("alpha.test", "/"));
    QVERIFY(!over.read(3000)); // closed without an answer
    QCOMPARE(pool.engineConnections(), 2);

    first.reset(); // one slot frees once the worker sees the close
    QTRY_COMPARE_WITH_TIMEOUT(pool.engineConnections(), 1, 5000);
    QVERIFY(served(server.serverPort()));
    for (int i = 0; i < workerCount; ++i)
        pool.stopAccepting(i, int(server.socketDescriptor()));
}

void TestListeners::stoppedWorkersLeaveConnectionsQueued() {
    WorkerPool pool(RoutingTable::compile(webTopology(*m_backend)), {});
    proxy::ListenerServer server("web", "web");
    QVERIFY(server.open(QHostAddress::LocalHost, 0));
    const int fd = int(server.socketDescriptor());
    pool.startAccepting(0, fd);
    pool.startAccepting(1, fd);
    pool.stopAccepting(0, fd);
    pool.stopAccepting(1, fd);

    // The kernel completes the TCP handshakes, but nobody accepts: no answer.
    std::vector<std::unique_ptr<RawClient>> waiting;
    for (int i = 0; i < 3; ++i) {
        waiting.push_back(std::make_unique<RawClient>());
        QVERIFY(waiting.back()->connectTo(server.serverPort()));
        waiting.back()->send(get("alpha.test", "/"));
    }
    QVERIFY(!waiting.front()->read(500));
    QCOMPARE(pool.engineConnections(), 0);

    // A worker that starts accepting takes all that already waits (no new edge will come).
    pool.startAccepting(1, fd);
    for (const auto &client : waiting) {
        const auto response = client->read(5000);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }
    QCOMPARE(pool.connectionsOf(1), 3);
    pool.stopAccepting(1, fd);
}

void TestListeners::outOfDescriptorsPausesAccepting() {
    // A waiting connection that cannot be accepted (EMFILE) keeps the listener readable: the
    // workers must pause rather than spin, and take it once descriptors are free again.
    WorkerPool pool(RoutingTable::compile(webTopology(*m_backend)), {});
    proxy::ListenerServer server("web", "web");
    QVERIFY(server.open(QHostAddress::LocalHost, 0));
    for (int i = 0; i < workerCount; ++i)
        pool.startAccepting(i, int(server.socketDescriptor()));

    rlimit original{};
    QVERIFY(::getrlimit(RLIMIT_NOFILE, &original) == 0);
    int inUse = 0;
    if (DIR *d = ::opendir("/proc/self/fd")) {
        while (::readdir(d))
            ++inUse;
        ::closedir(d);
    }
    std::vector<int> fillers;
    const auto restore = qScopeGuard([&] {
        for (int fd : fillers)
            ::close(fd);
        ::setrlimit(RLIMIT_NOFILE, &original);
    });
    rlimit low = original;
    low.rlim_cur = std::min<rlim_t>(original.rlim_cur, rlim_t(inUse + 64));
    QVERIFY(::setrlimit(RLIMIT_NOFILE, &low) == 0);
    for (int fd; (fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;)
        fillers.push_back(fd);
    QVERIFY(!fillers.empty());
    ::close(fillers.back()); // for the client's socket
    fillers.pop_back();

    RawClient client;
    const bool connected = client.connectTo(server.serverPort());
    if (connected)
        client.send(get("alpha.test", "/"));
    rusage before{}, after{};
    ::getrusage(RUSAGE_SELF, &before);
    QTest::qWait(400);
    ::getrusage(RUSAGE_SELF, &after);
    for (int fd : std::exchange(fillers, {}))
        ::close(fd);
    QVERIFY(connected);
    const auto cpuMs = [](const rusage &r) {
        return (r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1000 +
               (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1000;
    };
    // Spinning workers would burn about a core each for the whole wait.
    QVERIFY2(cpuMs(after) - cpuMs(before) < 200,
             qPrintable(QStringLiteral("%1 ms of CPU").arg(cpuMs(after) - cpuMs(before))));
    QCOMPARE(pool.engineConnections(), 0);

    const auto response = client.read(5000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    for (int i = 0; i < workerCount; ++i)
        pool.stopAccepting(i, int(server.socketDescriptor()));
}

void TestListeners::reloadsMovingListeners() {
    // Each reload renames the listener: the old socket closes, a new one opens, and every
    // worker must have let go of the old one first (its number is soon reused).
    proxy::ProxySettings settings;
    settings.workers = workerCount;
    proxy::ProxyEngine engine(settings);
    QVERIFY(engine.start(RoutingTable::compile(webTopology(*m_backend, "web-0"))));
    quint16 previous = engine.port("web-0");
    for (int i = 1; i <= 30; ++i) {
        const QString name = QStringLiteral("web-%1").arg(i);
        QVERIFY(engine.reload(RoutingTable::compile(webTopology(*m_backend, name))));
        const quint16 port = engine.port(name);
        QVERIFY(port != 0);
        QCOMPARE(engine.listeningAddresses().size(), 1);
        const auto response = request(port, get("alpha.test", "/"));
        QVERIFY2(response && response->status == 200, qPrintable(name));
        if (previous != port) { // the old port is closed (unless the kernel gave it out again)
            QTcpSocket old;
            old.connectToHost(QHostAddress::LocalHost, previous);
            QVERIFY(!old.waitForConnected(1000));
        }
        previous = port;
    }
    engine.stop(Duration(1000));
}

QTEST_GUILESS_MAIN(TestListeners)
#include "tst_listeners.moc"
