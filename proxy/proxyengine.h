#pragma once

#include "model/routing/routingtable.h"
#include "proxy/accesslogentry.h"
#include "proxy/balancing/endpointhealth.h"
#include "proxy/balancing/endpointstate.h"
#include "proxy/connectionwrapper.h"
#include "proxy/metrics/metricssnapshot.h"
#include "proxy/proxysettings.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <vector>

namespace ingress::proxy {

class HealthChecker;
class ListenerServer;
class MetricsRegistry;
class ServiceStateRegistry;
class PolicyStateRegistry;
class Worker;

struct ListeningAddress {
    QString listener;
    QHostAddress address;
    quint16 port = 0;
    bool https = false;
    QString toString() const; // "127.0.0.1:8080", "[::1]:8443"
    QString url() const;      // "https://127.0.0.1:8443"
};

// The engine's public surface, for `serve` and the GUI's controller. Lives on the thread that
// created it; listeners accept and requests are served on a fixed pool of worker threads.
// Discrete events arrive as queued signals carrying value types; counters are pulled with
// metricsSnapshot().
class ProxyEngine : public QObject {
    Q_OBJECT
public:
    explicit ProxyEngine(ProxySettings settings = {}, QObject *parent = nullptr);
    ~ProxyEngine() override;

    // HTTPS listeners need this (proxy/tls/); without it they fail with listenerFailed.
    void setHttpsWrapperFactory(ConnectionWrapperFactory factory);

    // Binds every listener and starts the workers. Listeners that cannot bind are reported
    // (listenerFailed and `errors`); returns false when none is listening.
    bool start(const RoutingTablePtr &table, QStringList *errors = nullptr);
    // Swaps in a new table atomically: requests in flight finish on the old one, listeners
    // that are unchanged keep their sockets, removed ones close, new ones open.
    bool reload(const RoutingTablePtr &table, QStringList *errors = nullptr);
    // Stops accepting, lets requests in flight finish for at most `drain`, then closes all.
    void stop(Duration drain = Duration(5000));

    bool isRunning() const { return !m_workers.empty(); }
    QList<ListeningAddress> listeningAddresses() const;
    quint16 port(const QString &listener) const; // 0 when not listening
    int activeConnections() const { return m_connections.load(std::memory_order_relaxed); }
    RoutingTablePtr table() const { return m_table; }
    const ProxySettings &settings() const { return m_settings; }

    // Counters summed over the workers, and each served endpoint's condition. Any thread.
    MetricsSnapshot metricsSnapshot() const;
    QByteArray prometheusText() const;

Q_SIGNALS:
    void requestsLogged(const QList<ingress::proxy::AccessLogEntry> &entries);
    void listenerFailed(const QString &listener, const QString &error);
    // Active health verdicts that changed, batched by the checker.
    void endpointHealthChanged(const QList<ingress::proxy::EndpointHealth> &changes);

private:
    void ensureHealthChecker();
    void applyListeners(QStringList *errors);
    void closeServers(const std::vector<std::unique_ptr<ListenerServer>> &servers);
    void closeListeners();
    void publish();

    ProxySettings m_settings;
    ConnectionWrapperFactory m_httpsWrapper;
    RoutingTablePtr m_table;
    std::unique_ptr<MetricsRegistry> m_metrics;
    std::unique_ptr<ServiceStateRegistry> m_serviceStates;
    std::unique_ptr<PolicyStateRegistry> m_policyStates;
    std::vector<Worker *> m_workers;
    std::vector<QThread *> m_threads;
    // Listeners are bound here, on the owner's thread, and accepted from on every worker's
    // (ListenerAcceptor), so a busy or blocked owner thread, such as the GUI's, never delays
    // accept(), and a free worker never waits for a busy one to accept.
    std::vector<std::unique_ptr<ListenerServer>> m_servers;
    QList<ListeningAddress> m_addresses;
    // Active health checks run on a thread of their own: probes never compete with requests.
    QThread *m_healthThread = nullptr;
    HealthChecker *m_health = nullptr;
    std::atomic<int> m_connections{0};
    // The endpoint states of the table being served, for metricsSnapshot() on other threads
    // (the GUI's): a copy of the list made at each publish(), under its own small lock.
    mutable std::mutex m_servedStatesMutex;
    std::vector<ServiceStatePtr> m_servedStates;
};

} // namespace ingress::proxy
