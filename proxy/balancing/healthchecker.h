#pragma once

#include "model/routing/routingtable.h"
#include "proxy/balancing/endpointhealth.h"
#include "proxy/balancing/endpointstate.h"

#include <map>
#include <memory>
#include <QObject>
#include <QPointer>
#include <string>
#include <vector>

class QTimer;

namespace ingress::proxy {

class HealthProbe;

// A service to check: its compiled definition (a copy: it outlives any one RoutingTable) and
// the live state the verdicts are written to.
struct HealthTarget {
    CompiledService service;
    ServiceStatePtr state;
};

// Active health checking. Every endpoint of every service with a HealthCheck is probed each
// interval (and once right away when it first appears) with `GET <path>`, answered 2xx/3xx
// within the timeout = success. healthyThreshold successes in a row mark it healthy,
// unhealthyThreshold failures unhealthy; endpoints start healthy, so a fresh start does not
// refuse traffic before the first verdicts. The verdict is written to
// EndpointState::activeHealthy, which the balancers read.
//
// Lives on an engine thread (not a worker) and only uses asynchronous sockets and timers, so
// it never blocks anything. Changes are reported in one batched healthChanged() per event-loop
// pass, a queued signal carrying values.
class HealthChecker : public QObject {
    Q_OBJECT
public:
    explicit HealthChecker(QObject *parent = nullptr);
    ~HealthChecker() override;

    // The services of a reload, from any thread; applied on the checker's thread. Endpoints
    // that stay (same service name and address) keep their verdict and counters; endpoints of
    // services without a health check are marked healthy again.
    void update(std::vector<HealthTarget> targets);
    // Targets for a table and its states (ServiceStateRegistry::update), index-aligned.
    static std::vector<HealthTarget> targets(const RoutingTable &table,
                                             const std::vector<ServiceStatePtr> &states);

    // The current verdict of every checked endpoint. Checker thread only.
    QList<EndpointHealth> health() const;

Q_SIGNALS:
    void healthChanged(const QList<ingress::proxy::EndpointHealth> &changes);

private:
    struct Endpoint;
    struct Service;

    void apply(std::vector<HealthTarget> targets);
    void probeService(const std::string &name);
    void probe(Endpoint &endpoint, const Service &service);
    void onProbeFinished(const std::string &key, bool healthy, const QString &detail);
    void report(const Endpoint &endpoint, const QString &detail);

    std::map<std::string, std::unique_ptr<Service>> m_services;
    std::map<std::string, std::unique_ptr<Endpoint>> m_endpoints; // key: service + '\n' + address
    QList<EndpointHealth> m_pending;
    QTimer *m_flush;
};

} // namespace ingress::proxy
