#pragma once

#include "model/topology/duration.h"
#include "model/topology/sourcelocation.h"
#include "model/topology/stickysession.h"

#include <optional>
#include <QList>
#include <QMap>
#include <QString>

namespace ingress {

enum class ServiceType { ClusterIP, NodePort, LoadBalancer };
enum class LoadBalancing { RoundRobin, LeastConnections, IPHash, Random };

// One backend of a service. A weight of 1 is written in the short form ("- host:port").
struct Endpoint {
    QString address; // "host:port" as written
    int weight = 1;
    SourceMap src;

    friend bool operator==(const Endpoint &, const Endpoint &) = default;
};

// Active HTTP health check of every endpoint of a service.
struct HealthCheck {
    QString path = QStringLiteral("/healthz");
    Duration interval{5000};
    Duration timeout{1000};
    int unhealthyThreshold = 3;
    int healthyThreshold = 2;
    SourceMap src;

    friend bool operator==(const HealthCheck &, const HealthCheck &) = default;
};

// Unset values take the engine's defaults (docs/topology-format.md lists them).
struct ServiceTimeouts {
    std::optional<Duration> connect;
    std::optional<Duration> response; // first response byte from the upstream, -> 504
    std::optional<Duration> idle;     // idle upstream keep-alive connection
    SourceMap src;

    bool isEmpty() const { return !connect && !response && !idle; }
    friend bool operator==(const ServiceTimeouts &, const ServiceTimeouts &) = default;
};

struct Service {
    QString name;
    QString nameSpace; // empty: not written, Kubernetes' "default"
    ServiceType type = ServiceType::ClusterIP;
    int port = 80;
    std::optional<int> nodePort;
    LoadBalancing loadBalancing = LoadBalancing::RoundRobin;
    std::optional<StickySession> stickySession; // on top of loadBalancing
    QList<Endpoint> endpoints;
    std::optional<HealthCheck> healthCheck;
    ServiceTimeouts timeouts;
    QMap<QString, QString> selector; // pod labels, for the Kubernetes exporter
    SourceMap src;

    QString effectiveNamespace() const {
        return nameSpace.isEmpty() ? QStringLiteral("default") : nameSpace;
    }
    friend bool operator==(const Service &, const Service &) = default;
};

} // namespace ingress
