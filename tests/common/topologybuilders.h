#pragma once

// Terse construction of Topology values, shared by the model, export and engine tests: each
// case states exactly what it covers, without going through the YAML loader (tested on its own).

#include "model/topology/topology.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace ingress::testing {

inline Route route(const QString &path, PathType type, const QString &service) {
    Route r;
    r.firstMatch().path = path;
    r.firstMatch().pathType = type;
    r.service = service;
    return r;
}
inline Route prefix(const QString &path, const QString &service) {
    return route(path, PathType::Prefix, service);
}
inline Route exact(const QString &path, const QString &service) {
    return route(path, PathType::Exact, service);
}
inline Route regex(const QString &path, const QString &service) {
    return route(path, PathType::Regex, service);
}

inline VirtualHost host(const QString &name, QList<Route> routes, const QString &tls = {}) {
    VirtualHost h;
    h.host = name;
    h.routes = std::move(routes);
    h.tls = tls;
    return h;
}

inline Service service(const QString &name,
                       const QStringList &endpoints = {QStringLiteral("127.0.0.1:9000")},
                       LoadBalancing policy = LoadBalancing::RoundRobin) {
    Service s;
    s.name = name;
    s.loadBalancing = policy;
    for (const QString &address : endpoints)
        s.endpoints.append(Endpoint{address, 1, {}});
    return s;
}

inline Listener listener(const QString &name, const QString &bind = QStringLiteral("127.0.0.1:0"),
                         Protocol protocol = Protocol::Http) {
    return Listener{name, bind, protocol, {}};
}

} // namespace ingress::testing
