#include "export/kubernetesexternalauth.h"

#include <QRegularExpression>

namespace ingress::kubeimport {

namespace {

void report(ImportSession &session, Severity severity, const ExternalAuthRequest &request,
            const QString &message) {
    session.diagnostics << Diagnostic{severity, QStringLiteral("import"),
                                      QStringLiteral("auth-url '%1': %2").arg(request.url, message),
                                      request.file, request.where};
}

QString shown(const QString &nameSpace) {
    return nameSpace.isEmpty() ? QStringLiteral("default") : nameSpace;
}

// Each externalAuth of the topology, hosts' and routes'.
template <typename Fn> void forEachAuth(Topology &topology, Fn fn) {
    for (VirtualHost &host : topology.hosts) {
        if (host.policy.externalAuth)
            fn(*host.policy.externalAuth);
        for (Route &route : host.routes)
            if (route.policy.externalAuth)
                fn(*route.policy.externalAuth);
    }
}

bool asks(const Route &route, const QString &key) {
    return route.policy.externalAuth && route.policy.externalAuth->service == key;
}

// The service of the route of `host` that takes requests for `path` (the longest prefix), left
// aside the routes `key` protects: ingress-nginx's request for `$host/path` must reach the
// authentication service, not the application it protects.
QString serviceFor(const VirtualHost &host, const QString &path, const QString &key) {
    QString best;
    qsizetype longest = -1;
    for (const Route &route : host.routes) {
        if (asks(route, key) || route.redirect || route.matches.size() != 1)
            continue;
        const RouteMatchRule &match = route.firstMatch();
        if (!match.headers.isEmpty())
            continue;
        const QString service = !route.service.isEmpty()   ? route.service
                                : route.backends.isEmpty() ? QString()
                                                           : route.backends.first().service;
        QString prefix = match.path;
        bool takes = false;
        if (match.pathType == PathType::Exact) {
            takes = path == prefix;
        } else if (match.pathType == PathType::Prefix) {
            if (prefix.endsWith(u'/'))
                prefix.chop(1);
            takes = path == prefix || path.startsWith(prefix + u'/') || prefix.isEmpty();
        }
        if (takes && !service.isEmpty() && prefix.size() > longest) {
            longest = prefix.size();
            best = service;
        }
    }
    return best;
}

// A service name (DNS label) for a host outside the cluster: auth.example.com ->
// auth-example-com, not yet taken.
QString nameFor(const Topology &topology, const QString &host, const QString &fallback) {
    static const QRegularExpression other(QStringLiteral("[^a-z0-9]+"));
    QString name = host.toLower().replace(other, QStringLiteral("-")).left(50);
    while (name.startsWith(u'-'))
        name.remove(0, 1);
    while (name.endsWith(u'-'))
        name.chop(1);
    if (name.isEmpty() || !name.front().isLetter())
        name = fallback;
    QString unique = name;
    for (int n = 2; topology.findService(unique); ++n)
        unique = QStringLiteral("%1-%2").arg(name).arg(n);
    return unique;
}

qsizetype addService(Topology &topology, const QString &name, const QString &nameSpace, int port,
                     const QString &endpoint) {
    Service service;
    service.name = name;
    service.nameSpace = nameSpace;
    service.port = port;
    if (!endpoint.isEmpty())
        service.endpoints << Endpoint{endpoint, 1, {}};
    topology.services << service;
    return topology.services.size() - 1;
}

// $host: each protected route asks the service that serves the URL's path on its own host.
// Routes whose host has none ask a service without endpoints, which refuses them (500), rather
// than being let through.
void requestHost(ImportSession &session, ExternalAuthRequest &request) {
    Topology &topology = session.topology;
    QStringList resolved, unresolved;
    for (VirtualHost &host : topology.hosts) {
        const QString service = serviceFor(host, request.path, request.key);
        bool protects = false;
        for (Route &route : host.routes)
            if (asks(route, request.key)) {
                protects = true;
                if (!service.isEmpty())
                    route.policy.externalAuth->service = service;
            }
        if (!protects)
            continue;
        if (service.isEmpty())
            unresolved << host.host;
        else
            resolved << QStringLiteral("%1: service '%2'").arg(host.host, service);
    }
    if (!resolved.isEmpty())
        report(session, Severity::Info, request,
               QStringLiteral("the routes ask the service of the route for %1 on their own "
                              "host (%2)")
                   .arg(request.path, resolved.join(QStringLiteral("; "))));
    if (unresolved.isEmpty())
        return;
    const QString name = nameFor(topology, QString(), QStringLiteral("external-auth"));
    request.serviceIndex = addService(topology, name, {}, 80, {});
    report(session, Severity::Warning, request,
           QStringLiteral("no route of %1 serves %2 (apart from those it protects): their routes "
                          "ask service '%3', made without endpoints, and answer 500 until it has "
                          "the authentication service's")
               .arg(unresolved.join(QStringLiteral(", ")), request.path, name));
}

} // namespace

void resolveExternalAuth(ImportSession &session) {
    Topology &topology = session.topology;
    QMap<QString, qsizetype> made; // "namespace/service" or "host:port" -> service
    for (ExternalAuthRequest &request : session.externalAuthRequests) {
        bool used = false;
        forEachAuth(topology,
                    [&](ExternalAuth &auth) { used = used || auth.service == request.key; });
        if (!used)
            continue;
        if (request.requestHost) {
            requestHost(session, request);
            continue;
        }
        const QString endpoint = QStringLiteral("%1:%2").arg(request.host).arg(request.port);
        const QString qualified = request.nameSpace + u'/' + request.service;
        if (!request.service.isEmpty()) {
            for (qsizetype i = 0; i < topology.services.size(); ++i)
                if (topology.services[i].name == request.service &&
                    topology.services[i].nameSpace == request.nameSpace)
                    request.serviceIndex = i;
            if (request.serviceIndex >= 0) {
                const Service &service = topology.services[request.serviceIndex];
                if (request.explicitPort && request.port != service.port &&
                    !session.ports.value(qualified).values().contains(request.port))
                    report(session, Severity::Info, request,
                           QStringLiteral("Service '%1' of namespace '%2' has no port %3; the "
                                          "topology keeps its port %4, which exports send to")
                               .arg(service.name, shown(service.nameSpace))
                               .arg(request.port)
                               .arg(service.port));
                continue;
            }
        }
        const QString identity = request.clusterName ? qualified : endpoint;
        if (const auto it = made.constFind(identity); it != made.cend()) {
            request.serviceIndex = *it;
            continue;
        }
        if (request.clusterName) {
            request.serviceIndex =
                addService(topology, request.service, request.nameSpace, request.port, endpoint);
            report(session, Severity::Warning, request,
                   QStringLiteral("Service '%1' of namespace '%2' is not in the input: service "
                                  "'%1' is made for it with the endpoint %3, its name in the "
                                  "cluster (bind it with --endpoint %4/%1=HOST:PORT)")
                       .arg(request.service, shown(request.nameSpace), endpoint,
                            shown(request.nameSpace)));
        } else {
            const QString name = nameFor(topology, request.host, QStringLiteral("external-auth"));
            request.serviceIndex = addService(topology, name, {}, request.port, endpoint);
            report(session, Severity::Info, request,
                   QStringLiteral("service '%1' is made for %2, outside the cluster")
                       .arg(name, endpoint));
        }
        made.insert(identity, request.serviceIndex);
    }
}

void nameExternalAuthServices(ImportSession &session) {
    Topology &topology = session.topology;
    QMap<QString, QString> names; // stand-in -> service
    for (const ExternalAuthRequest &request : session.externalAuthRequests)
        if (request.serviceIndex >= 0)
            names.insert(request.key, topology.services[request.serviceIndex].name);
    forEachAuth(topology, [&](ExternalAuth &auth) {
        if (const auto it = names.constFind(auth.service); it != names.cend())
            auth.service = *it;
    });
}

} // namespace ingress::kubeimport
