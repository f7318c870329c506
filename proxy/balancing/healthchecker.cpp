#include "proxy/balancing/healthchecker.h"

#include "proxy/balancing/healthprobe.h"

#include <algorithm>
#include <limits>
#include <QThread>
#include <QTimer>
#include <QUrl>

namespace ingress::proxy {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;
// A zero or tiny interval from a hand-written file must not turn into a busy loop.
constexpr int minimumIntervalMs = 10;
constexpr int minimumTimeoutMs = 1;

std::string endpointKey(const std::string &service, const std::string &address) {
    return service + '\n' + address;
}

QByteArray requestTarget(const QString &path) {
    // Percent-encode anything that could break the request line (spaces, CR, LF, controls).
    QByteArray target = QUrl::toPercentEncoding(path, "/?&=%:@!$'()*+,;~");
    if (!target.startsWith('/'))
        target.prepend('/');
    return target;
}

} // namespace

struct HealthChecker::Service {
    std::string name;
    HealthCheck check;
    ServiceStatePtr state; // keeps the EndpointStates below alive
    std::vector<std::string> endpointKeys;
    QTimer timer;
};

struct HealthChecker::Endpoint {
    std::string service;
    std::string address;
    QString host;
    quint16 port = 0;
    EndpointState *state = nullptr; // owned by the Service's state
    bool healthy = true;
    int successes = 0;
    int failures = 0;
    QPointer<HealthProbe> probe;
};

HealthChecker::HealthChecker(QObject *parent) : QObject(parent), m_flush(new QTimer(this)) {
    qRegisterMetaType<ingress::proxy::EndpointHealth>();
    qRegisterMetaType<QList<ingress::proxy::EndpointHealth>>();
    // Verdicts reached in one event-loop pass (one interval's probes finishing together) go
    // out as one signal.
    m_flush->setSingleShot(true);
    m_flush->setInterval(0);
    connect(m_flush, &QTimer::timeout, this, [this] {
        if (!m_pending.isEmpty())
            Q_EMIT healthChanged(std::exchange(m_pending, {}));
    });
}

HealthChecker::~HealthChecker() {
    for (auto &[key, endpoint] : m_endpoints) {
        if (endpoint->probe)
            endpoint->probe->abort();
    }
}

std::vector<HealthTarget> HealthChecker::targets(const RoutingTable &table,
                                                 const std::vector<ServiceStatePtr> &states) {
    std::vector<HealthTarget> result;
    const auto &services = table.services();
    for (std::size_t i = 0; i < services.size() && i < states.size(); ++i)
        result.push_back({services[i], states[i]});
    return result;
}

void HealthChecker::update(std::vector<HealthTarget> targets) {
    if (QThread::currentThread() == thread()) {
        apply(std::move(targets));
        return;
    }
    QMetaObject::invokeMethod(
        this, [this, moved = std::move(targets)]() mutable { apply(std::move(moved)); },
        Qt::QueuedConnection);
}

void HealthChecker::apply(std::vector<HealthTarget> targets) {
    std::map<std::string, std::unique_ptr<Service>> services;
    std::map<std::string, std::unique_ptr<Endpoint>> endpoints;
    std::vector<Endpoint *> fresh;

    for (HealthTarget &target : targets) {
        if (!target.state)
            continue;
        const CompiledService &compiled = target.service;
        const std::size_t count =
            std::min(compiled.endpoints.size(), target.state->endpoints.size());
        if (!compiled.healthCheck || services.contains(compiled.name)) {
            // Not checked (any more): nothing else will ever clear an old verdict.
            for (std::size_t i = 0; i < count; ++i) {
                EndpointState &state = *target.state->endpoints[i];
                if (!state.activeHealthy.exchange(true, relaxed))
                    m_pending.append({QString::fromStdString(compiled.name),
                                      QString::fromStdString(compiled.endpoints[i].address), true,
                                      QStringLiteral("health check removed")});
            }
            continue;
        }
        auto service = std::make_unique<Service>();
        service->name = compiled.name;
        service->check = *compiled.healthCheck;
        service->state = target.state;
        for (std::size_t i = 0; i < count; ++i) {
            const CompiledEndpoint &address = compiled.endpoints[i];
            const std::string key = endpointKey(compiled.name, address.address);
            if (endpoints.contains(key))
                continue; // the same address twice: one probe is enough for both
            auto old = m_endpoints.find(key);
            std::unique_ptr<Endpoint> endpoint;
            if (old != m_endpoints.end()) {
                endpoint = std::move(old->second);
                m_endpoints.erase(old);
            } else {
                endpoint = std::make_unique<Endpoint>();
                endpoint->service = compiled.name;
                endpoint->address = address.address;
                fresh.push_back(endpoint.get());
            }
            endpoint->host = QString::fromStdString(address.host);
            endpoint->port = address.port;
            endpoint->state = target.state->endpoints[i].get();
            endpoint->state->activeHealthy.store(endpoint->healthy, relaxed);
            service->endpointKeys.push_back(key);
            endpoints.emplace(key, std::move(endpoint));
        }
        const auto interval = std::max<qint64>(service->check.interval.count(), minimumIntervalMs);
        service->timer.setInterval(
            int(std::min<qint64>(interval, std::numeric_limits<int>::max())));
        const std::string name = service->name;
        connect(&service->timer, &QTimer::timeout, this, [this, name] { probeService(name); });
        services.emplace(compiled.name, std::move(service));
    }

    // What is left of the old endpoints is gone from the topology.
    for (auto &[key, endpoint] : m_endpoints) {
        if (endpoint->probe) {
            endpoint->probe->abort();
            endpoint->probe->deleteLater();
        }
    }
    m_endpoints = std::move(endpoints);
    m_services = std::move(services);
    for (auto &[name, service] : m_services)
        service->timer.start();
    for (Endpoint *endpoint : fresh)
        probe(*endpoint, *m_services.at(endpoint->service));
    if (!m_pending.isEmpty())
        m_flush->start();
}

void HealthChecker::probeService(const std::string &name) {
    const auto service = m_services.find(name);
    if (service == m_services.end())
        return;
    for (const std::string &key : service->second->endpointKeys) {
        Endpoint &endpoint = *m_endpoints.at(key);
        // A probe still waiting for its timeout (interval shorter than timeout) is not doubled.
        if (!endpoint.probe)
            probe(endpoint, *service->second);
    }
}

void HealthChecker::probe(Endpoint &endpoint, const Service &service) {
    auto *probe = new HealthProbe(this);
    endpoint.probe = probe;
    const std::string key = endpointKey(endpoint.service, endpoint.address);
    connect(probe, &HealthProbe::finished, this,
            [this, probe, key](bool healthy, const QString &detail) {
                probe->deleteLater();
                onProbeFinished(key, healthy, detail);
            });
    const auto timeout = std::clamp<qint64>(service.check.timeout.count(), minimumTimeoutMs,
                                            std::numeric_limits<int>::max());
    probe->start(endpoint.host, endpoint.port, QByteArray::fromStdString(endpoint.address),
                 requestTarget(service.check.path), int(timeout));
}

void HealthChecker::onProbeFinished(const std::string &key, bool healthy, const QString &detail) {
    const auto found = m_endpoints.find(key);
    if (found == m_endpoints.end())
        return;
    Endpoint &endpoint = *found->second;
    endpoint.probe.clear();
    const HealthCheck &check = m_services.at(endpoint.service)->check;
    if (healthy) {
        endpoint.failures = 0;
        ++endpoint.successes;
        if (!endpoint.healthy && endpoint.successes >= std::max(check.healthyThreshold, 1)) {
            endpoint.healthy = true;
            report(endpoint, detail);
        }
    } else {
        endpoint.successes = 0;
        ++endpoint.failures;
        if (endpoint.healthy && endpoint.failures >= std::max(check.unhealthyThreshold, 1)) {
            endpoint.healthy = false;
            report(endpoint, detail);
        }
    }
}

void HealthChecker::report(const Endpoint &endpoint, const QString &detail) {
    endpoint.state->activeHealthy.store(endpoint.healthy, relaxed);
    m_pending.append({QString::fromStdString(endpoint.service),
                      QString::fromStdString(endpoint.address), endpoint.healthy, detail});
    m_flush->start();
}

QList<EndpointHealth> HealthChecker::health() const {
    QList<EndpointHealth> result;
    for (const auto &[key, endpoint] : m_endpoints)
        result.append({QString::fromStdString(endpoint->service),
                       QString::fromStdString(endpoint->address), endpoint->healthy, QString()});
    return result;
}

} // namespace ingress::proxy
