#pragma once

#include "proxy/accesslogentry.h"
#include "proxy/balancing/passivehealth.h"
#include "proxy/ioreactor.h"
#include "proxy/mirrorset.h"
#include "proxy/proxysettings.h"
#include "proxy/upstreampool.h"
#include "proxy/workertables.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <QBasicTimer>
#include <QList>
#include <QObject>
#include <vector>

namespace ingress::proxy {

class ListenerAcceptor;
class ProxyConnection;
class WorkerMetrics;

// One event loop thread's share of the engine: its connections, its upstream pool, its copy of
// the current tables and its metrics. Everything here is touched only by the worker's thread,
// except the public slots, which the engine invokes queued.
class Worker : public QObject {
    Q_OBJECT
public:
    Worker(int index, const ProxySettings &settings, WorkerMetrics *metrics,
           std::atomic<int> *engineConnections);
    ~Worker() override;

    // Queued from the engine.
    void setConfig(const EngineConfigPtr &config);
    // Accept from a listening socket the engine binds (queued), until stopAccepting() (blocking:
    // the engine closes the socket afterwards, and its number must not be watched by then).
    void startAccepting(int listenerDescriptor, const std::string &listenerName);
    void stopAccepting(int listenerDescriptor);
    void drain();    // stop keep-alive: close idle connections, close others after their response
    void shutdown(); // close everything now

    // For this worker's ListenerAcceptors: a connection accepted from the listener's socket.
    void accept(int descriptor, const std::string &listenerName);
    // Woken for every new connection, with one of the other workers that wait (docs/proxy.md,
    // "Accepting"): worker 0.
    bool wakesForEveryConnection() const { return m_index == 0; }
    // At most an even share of the engine's connections (always, with one worker).
    bool belowFairShare() const {
        return connectionCount() * m_settings.workers <=
               m_engineConnections->load(std::memory_order_relaxed);
    }

    // For connections.
    const WorkerTablesPtr &tables() const { return m_tables; }
    const ProxySettings &settings() const { return m_settings; }
    UpstreamPool &pool() { return m_pool; }
    MirrorSet &mirrors() { return m_mirrors; }
    IoReactor &reactor() { return m_reactor; }
    WorkerMetrics *metrics() const { return m_metrics; }
    const PassiveHealth &passiveHealth() const { return m_passive; }
    bool draining() const { return m_draining; }
    // Consecutive tickets for RoutingTable's traffic splits: a worker's requests spread over
    // a split's backends by weight (CompiledRoute::pickBackend). Per worker, so no atomics.
    std::uint64_t nextSplitTicket() { return ++m_splitTickets; }
    void nextRequestId(char (&out)[17]);
    void log(AccessLogEntry &&entry);
    void connectionFinished(ProxyConnection *connection);
    int connectionCount() const { return int(m_connections.size()); }

    static std::int64_t nowMs();

Q_SIGNALS:
    void requestsLogged(const QList<ingress::proxy::AccessLogEntry> &entries);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void addConnection(int descriptor, const std::string &listenerName);

    int m_index;
    ProxySettings m_settings;
    WorkerMetrics *m_metrics;
    std::atomic<int> *m_engineConnections;
    WorkerTablesPtr m_tables;
    // Every descriptor of this worker's connections; a child, so it moves to the worker's
    // thread with us. Declared before the pool, which hands it to new sockets.
    IoReactor m_reactor{this};
    UpstreamPool m_pool;
    MirrorSet m_mirrors{*this}; // after the pool: its copies' sockets come from it
    PassiveHealth m_passive;
    std::vector<ProxyConnection *> m_connections; // index kept in each connection
    std::vector<std::unique_ptr<ListenerAcceptor>> m_acceptors;
    QList<AccessLogEntry> m_logBatch;
    QBasicTimer m_sweepTimer;
    QBasicTimer m_logTimer;
    std::uint64_t m_requestCounter = 0;
    std::uint64_t m_splitTickets = 0;
    std::uint32_t m_idPrefix;
    bool m_draining = false;
};

} // namespace ingress::proxy
