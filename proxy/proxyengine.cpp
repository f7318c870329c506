#include "proxy/proxyengine.h"

#include "proxy/balancing/healthchecker.h"
#include "proxy/balancing/servicestateregistry.h"
#include "proxy/descriptorlimit.h"
#include "proxy/listenerserver.h"
#include "proxy/metrics/metricsregistry.h"
#include "proxy/metrics/subjectnames.h"
#include "proxy/policy/policystate.h"
#include "proxy/worker.h"
#include "proxy/workereventdispatcher.h"

#include <algorithm>
#include <map>
#include <QDeadlineTimer>
#include <QThread>

namespace ingress::proxy {

namespace {

std::string listenerKey(const CompiledListener &l) {
    return l.name + '|' + l.address + '|' + std::to_string(l.port) + '|' +
           (l.protocol == Protocol::Https ? "https" : "http");
}

bool bindAddress(const CompiledListener &l, QHostAddress *out) {
    if (l.address.empty() || l.address == "*") {
        *out = QHostAddress(QHostAddress::Any);
        return true;
    }
    if (l.address == "localhost") {
        *out = QHostAddress(QHostAddress::LocalHost);
        return true;
    }
    return out->setAddress(QString::fromStdString(l.address));
}

} // namespace

QString ListeningAddress::url() const {
    return (https ? QStringLiteral("https://") : QStringLiteral("http://")) + toString();
}

QString ListeningAddress::toString() const {
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                             : address.toString();
    return host + QLatin1Char(':') + QString::number(port);
}

ProxyEngine::ProxyEngine(ProxySettings settings, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)),
      m_serviceStates(std::make_unique<ServiceStateRegistry>()),
      m_policyStates(std::make_unique<PolicyStateRegistry>()) {
    qRegisterMetaType<ingress::proxy::AccessLogEntry>();
    qRegisterMetaType<QList<ingress::proxy::AccessLogEntry>>();
    qRegisterMetaType<ingress::proxy::EndpointHealth>();
    qRegisterMetaType<QList<ingress::proxy::EndpointHealth>>();
    if (m_settings.workers <= 0)
        m_settings.workers = std::max(1, QThread::idealThreadCount());
}

ProxyEngine::~ProxyEngine() {
    stop(Duration(0));
}

void ProxyEngine::setHttpsWrapperFactory(ConnectionWrapperFactory factory) {
    m_httpsWrapper = std::move(factory);
}

bool ProxyEngine::start(const RoutingTablePtr &table, QStringList *errors) {
    if (isRunning())
        return reload(table, errors);
    m_table = table;
    raiseDescriptorLimit();
    m_metrics = std::make_unique<MetricsRegistry>();
    m_connections.store(0);
    for (int i = 0; i < m_settings.workers; ++i) {
        auto *thread = new QThread;
        thread->setObjectName(QStringLiteral("proxy-worker-%1").arg(i));
        thread->setEventDispatcher(new WorkerEventDispatcher); // one wait for all it watches
        auto *worker = new Worker(i, m_settings, m_metrics->addWorker(table), &m_connections);
        worker->moveToThread(thread);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        connect(worker, &Worker::requestsLogged, this, &ProxyEngine::requestsLogged,
                Qt::QueuedConnection);
        thread->start();
        m_threads.push_back(thread);
        m_workers.push_back(worker);
    }
    publish();
    applyListeners(errors);
    return !m_addresses.isEmpty() || table->listeners().empty();
}

bool ProxyEngine::reload(const RoutingTablePtr &table, QStringList *errors) {
    if (!isRunning())
        return start(table, errors);
    m_table = table;
    publish(); // before new listeners accept, so their workers know them
    applyListeners(errors);
    return !m_addresses.isEmpty() || table->listeners().empty();
}

void ProxyEngine::publish() {
    auto config = std::make_shared<EngineConfig>();
    config->table = m_table;
    config->serviceStates = m_serviceStates->update(*m_table);
    config->policyStates = m_policyStates->update(*m_table);
    {
        std::lock_guard lock(m_servedStatesMutex);
        m_servedStates = config->serviceStates;
    }
    config->httpsWrapper = m_httpsWrapper;
    ensureHealthChecker();
    m_health->update(HealthChecker::targets(*m_table, config->serviceStates));
    const EngineConfigPtr shared = config;
    // Blocking: once start() or reload() returns, every worker routes with the new tables, so a
    // connection accepted afterwards, on any worker, never sees the old ones. Each worker takes
    // it between two passes of its loop, at most a batch of work away.
    for (Worker *w : m_workers)
        QMetaObject::invokeMethod(
            w, [w, shared] { w->setConfig(shared); }, Qt::BlockingQueuedConnection);
}

void ProxyEngine::ensureHealthChecker() {
    if (m_health)
        return;
    m_healthThread = new QThread;
    m_healthThread->setObjectName(QStringLiteral("proxy-health"));
    m_health = new HealthChecker;
    m_health->moveToThread(m_healthThread);
    connect(m_health, &HealthChecker::healthChanged, this, &ProxyEngine::endpointHealthChanged,
            Qt::QueuedConnection);
    m_healthThread->start();
}

void ProxyEngine::applyListeners(QStringList *errors) {
    std::map<std::string, std::unique_ptr<ListenerServer>> existing;
    for (auto &s : m_servers)
        existing[s->key()] = std::move(s);
    std::vector<std::unique_ptr<ListenerServer>> kept;
    for (const CompiledListener &l : m_table->listeners()) {
        const std::string key = listenerKey(l);
        if (auto it = existing.find(key); it != existing.end()) {
            kept.push_back(std::move(it->second));
            existing.erase(it);
            continue;
        }
        const QString name = QString::fromStdString(l.name);
        auto fail = [&](const QString &why) {
            if (errors)
                errors->append(QStringLiteral("listener %1: %2").arg(name, why));
            Q_EMIT listenerFailed(name, why);
        };
        QHostAddress address;
        if (!bindAddress(l, &address)) {
            fail(QStringLiteral("cannot listen on address \"%1\"")
                     .arg(QString::fromStdString(l.address)));
            continue;
        }
        if (l.protocol == Protocol::Https && !m_httpsWrapper) {
            fail(QStringLiteral("HTTPS is not available in this build"));
            continue;
        }
        auto server = std::make_unique<ListenerServer>(l.name, key);
        if (!server->open(address, l.port)) {
            fail(server->errorString());
            continue;
        }
        // After publish(): a worker knows a listener before it accepts on it.
        const int fd = int(server->socketDescriptor());
        for (Worker *w : m_workers)
            QMetaObject::invokeMethod(
                w, [w, fd, name = l.name] { w->startAccepting(fd, name); }, Qt::QueuedConnection);
        kept.push_back(std::move(server));
    }
    std::vector<std::unique_ptr<ListenerServer>> removed;
    for (auto &[key, server] : existing)
        removed.push_back(std::move(server));
    closeServers(removed);
    m_servers = std::move(kept);
    m_addresses.clear();
    for (const auto &s : m_servers) {
        const auto &listeners = m_table->listeners();
        const auto it =
            std::find_if(listeners.begin(), listeners.end(),
                         [&](const CompiledListener &l) { return l.name == s->name(); });
        const bool https = it != listeners.end() && it->protocol == Protocol::Https;
        m_addresses.append(
            {QString::fromStdString(s->name()), s->serverAddress(), s->serverPort(), https});
    }
}

void ProxyEngine::closeServers(const std::vector<std::unique_ptr<ListenerServer>> &servers) {
    if (servers.empty())
        return;
    std::vector<int> fds;
    for (const auto &server : servers)
        fds.push_back(int(server->socketDescriptor()));
    // Every worker lets go of the sockets before they close: a closed descriptor's number is
    // soon another socket's, which a worker still watching or accepting on it would take for
    // the listener's. Blocking, from the owner's thread, which is never a worker's.
    for (Worker *w : m_workers)
        QMetaObject::invokeMethod(
            w,
            [w, &fds] {
                for (int fd : fds)
                    w->stopAccepting(fd);
            },
            Qt::BlockingQueuedConnection);
    for (const auto &server : servers)
        server->close();
}

void ProxyEngine::closeListeners() {
    closeServers(std::exchange(m_servers, {}));
    m_addresses.clear();
    if (!m_health)
        return;
    QMetaObject::invokeMethod(
        m_health, [health = m_health] { delete health; }, Qt::BlockingQueuedConnection);
    m_health = nullptr;
    m_healthThread->quit();
    m_healthThread->wait();
    delete m_healthThread;
    m_healthThread = nullptr;
}

void ProxyEngine::stop(Duration drain) {
    if (!isRunning())
        return;
    closeListeners();
    for (Worker *w : m_workers)
        QMetaObject::invokeMethod(
            w, [w] { w->drain(); }, Qt::QueuedConnection);
    QDeadlineTimer deadline(drain);
    while (m_connections.load() > 0 && !deadline.hasExpired())
        QThread::msleep(10);
    for (Worker *w : m_workers)
        QMetaObject::invokeMethod(
            w, [w] { w->shutdown(); }, Qt::BlockingQueuedConnection);
    for (QThread *t : m_threads) {
        t->quit();
        t->wait();
        delete t;
    }
    m_threads.clear();
    m_workers.clear(); // deleted by their threads' finished()
    std::lock_guard lock(m_servedStatesMutex);
    m_servedStates.clear();
}

QList<ListeningAddress> ProxyEngine::listeningAddresses() const {
    return m_addresses;
}

quint16 ProxyEngine::port(const QString &listener) const {
    for (const ListeningAddress &a : m_addresses) {
        if (a.listener == listener)
            return a.port;
    }
    return 0;
}

MetricsSnapshot ProxyEngine::metricsSnapshot() const {
    MetricsSnapshot snapshot = m_metrics ? m_metrics->snapshot() : MetricsSnapshot{};
    std::vector<ServiceStatePtr> states;
    {
        std::lock_guard lock(m_servedStatesMutex);
        states = m_servedStates;
    }
    const std::int64_t now = Worker::nowMs(); // the clock ejections are timed with
    for (const ServiceStatePtr &service : states) {
        for (const auto &endpoint : service->endpoints) {
            const EndpointCondition condition =
                !endpoint->activeHealthy.load(std::memory_order_relaxed)
                    ? EndpointCondition::Unhealthy
                : endpoint->ejectedUntilMs.load(std::memory_order_relaxed) > now
                    ? EndpointCondition::Ejected
                    : EndpointCondition::Healthy;
            snapshot.endpointConditions.emplace(
                SubjectNames::endpointName(service->name, endpoint->address), condition);
        }
    }
    return snapshot;
}

QByteArray ProxyEngine::prometheusText() const {
    return MetricsRegistry::toPrometheus(metricsSnapshot());
}

} // namespace ingress::proxy
