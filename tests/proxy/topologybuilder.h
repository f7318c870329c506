#pragma once

#include "topology.h"

#include <QStringList>

namespace ingress::test {

// Terse construction of Topology values for engine tests (the loader is tested elsewhere).
inline Service service(const QString &name, const QStringList &endpoints,
                       LoadBalancing policy = LoadBalancing::RoundRobin) {
    Service s;
    s.name = name;
    s.loadBalancing = policy;
    for (const QString &e : endpoints)
        s.endpoints.append(Endpoint{e, 1, {}});
    return s;
}

inline Route route(const QString &path, const QString &serviceName,
                   PathType type = PathType::Prefix) {
    Route r;
    r.path = path;
    r.pathType = type;
    r.service = serviceName;
    return r;
}

inline VirtualHost host(const QString &name, const QList<Route> &routes) {
    VirtualHost h;
    h.host = name;
    h.routes = routes;
    return h;
}

inline Listener listener(const QString &name, const QString &bind = QStringLiteral("127.0.0.1:0")) {
    Listener l;
    l.name = name;
    l.bind = bind;
    return l;
}

} // namespace ingress::test
