#include "proxy/worker.h"

#include "proxy/listeneracceptor.h"
#include "proxy/metrics/workermetrics.h"
#include "proxy/proxyconnection.h"
#include "proxy/proxylog.h"

#include <chrono>
#include <QRandomGenerator>
#include <QTimerEvent>
#include <unistd.h>

namespace ingress::proxy {

Worker::Worker(int index, const ProxySettings &settings, WorkerMetrics *metrics,
               std::atomic<int> *engineConnections)
    : m_index(index), m_settings(settings), m_metrics(metrics),
      m_engineConnections(engineConnections), m_pool(m_reactor, this, settings.maxIdlePerEndpoint),
      m_passive(PassiveHealthSettings{settings.passiveFailureThreshold,
                                      settings.passiveEjection.count(), 300000, 50}),
      m_idPrefix(QRandomGenerator::global()->generate()) {
}

Worker::~Worker() {
    shutdown();
}

std::int64_t Worker::nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void Worker::setConfig(const EngineConfigPtr &config) {
    // A slow PROXY header is a slow request head: the same timeout (slowloris) bounds both.
    m_tables = std::make_shared<const WorkerTables>(config, m_settings.headerTimeout);
    if (m_metrics)
        m_metrics->rebind(config->table);
    // Deadlines, the upstream pool and acceptors paused for want of descriptors. The engine
    // sets the tables before any listener (ProxyEngine::publish blocks), so this runs first.
    if (!m_sweepTimer.isActive())
        m_sweepTimer.start(100, Qt::CoarseTimer, this);
}

void Worker::startAccepting(int listenerDescriptor, const std::string &listenerName) {
    if (m_draining)
        return;
    m_acceptors.push_back(
        std::make_unique<ListenerAcceptor>(*this, listenerDescriptor, listenerName));
}

void Worker::stopAccepting(int listenerDescriptor) {
    std::erase_if(m_acceptors, [listenerDescriptor](const auto &a) {
        return a->descriptor() == listenerDescriptor;
    });
}

void Worker::accept(int descriptor, const std::string &listenerName) {
    if (m_engineConnections->fetch_add(1, std::memory_order_relaxed) >= m_settings.maxConnections) {
        m_engineConnections->fetch_sub(1, std::memory_order_relaxed);
        ::close(descriptor); // over the limit: shed load at the door
        return;
    }
    addConnection(descriptor, listenerName);
}

void Worker::addConnection(int descriptor, const std::string &listenerName) {
    const int listener = m_tables ? m_tables->listenerIndex(listenerName) : -1;
    ConnectionWrapper *wrapper = listener >= 0 ? m_tables->wrapper(listener) : nullptr;
    if (!wrapper || m_draining) {
        // The listener went away in a reload between accept and now, or has no TLS module.
        ::close(descriptor);
        m_engineConnections->fetch_sub(1, std::memory_order_relaxed);
        return;
    }
    auto *connection = new ProxyConnection(this, listener, m_tables->config().table);
    connection->m_workerSlot = m_connections.size();
    m_connections.push_back(connection);
    if (m_metrics)
        m_metrics->connectionOpened(listener);
    wrapper->wrap(
        descriptor, m_reactor, connection,
        [connection](ClientStream *stream) { connection->start(stream); },
        [connection](const QString &reason) {
            qCDebug(lcProxy, "connection dropped: %s", qPrintable(reason));
            connection->abort();
        });
}

void Worker::connectionFinished(ProxyConnection *connection) {
    const std::size_t slot = connection->m_workerSlot;
    if (slot >= m_connections.size() || m_connections[slot] != connection)
        return;
    m_connections[slot] = m_connections.back();
    m_connections[slot]->m_workerSlot = slot;
    m_connections.pop_back();
    if (m_metrics)
        m_metrics->connectionClosed(connection->listener());
    m_engineConnections->fetch_sub(1, std::memory_order_relaxed);
    connection->deleteLater();
}

void Worker::drain() {
    m_draining = true;
    m_acceptors.clear();
    const std::vector<ProxyConnection *> connections = m_connections;
    for (ProxyConnection *c : connections)
        c->drain();
    m_pool.clear();
}

void Worker::shutdown() {
    m_sweepTimer.stop();
    m_acceptors.clear();
    const std::vector<ProxyConnection *> connections = m_connections;
    for (ProxyConnection *c : connections)
        c->abort();
    m_mirrors.clear();
    m_pool.clear();
    if (!m_logBatch.isEmpty())
        Q_EMIT requestsLogged(std::exchange(m_logBatch, {}));
}

void Worker::nextRequestId(char (&out)[17]) {
    static constexpr char digits[] = "0123456789abcdef";
    const std::uint64_t id = (std::uint64_t(m_idPrefix ^ std::uint32_t(m_index << 24)) << 32) |
                             std::uint32_t(++m_requestCounter);
    for (int i = 15; i >= 0; --i)
        out[15 - i] = digits[(id >> (i * 4)) & 0xf];
    out[16] = 0;
}

void Worker::log(AccessLogEntry &&entry) {
    m_logBatch.append(std::move(entry));
    if (!m_logTimer.isActive())
        m_logTimer.start(200, Qt::CoarseTimer, this);
}

void Worker::timerEvent(QTimerEvent *event) {
    if (event->timerId() == m_logTimer.timerId()) {
        m_logTimer.stop();
        if (!m_logBatch.isEmpty())
            Q_EMIT requestsLogged(std::exchange(m_logBatch, {}));
        return;
    }
    if (event->timerId() != m_sweepTimer.timerId())
        return;
    const std::int64_t now = nowMs();
    m_pool.sweep(now);
    m_mirrors.sweep(now);
    for (const auto &a : m_acceptors)
        a->resumeIfPaused(now);
    // Copy: a timed-out connection removes itself from the list.
    const std::vector<ProxyConnection *> connections = m_connections;
    for (ProxyConnection *c : connections)
        c->checkDeadline(now);
}

} // namespace ingress::proxy
