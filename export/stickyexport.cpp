#include "export/stickyexport.h"

#include "export/exportsupport.h"
#include "model/topology/enums.h"

#include <algorithm>
#include <QRegularExpression>

namespace ingress::stickyexport {

using exportsupport::warnAt;

namespace {

QString cookieOf(const StickySession &sticky) {
    return sticky.cookie.trimmed();
}

void warn(QList<ExportWarning> &warnings, const Service &service, const QString &message) {
    warnings << warnAt(subject(service), service.stickySession->src.node, message);
}

} // namespace

QString subject(const Service &service) {
    return QStringLiteral("service %1").arg(service.name);
}

std::optional<qint64> maxAgeSeconds(const StickySession &sticky) {
    if (!sticky.ttl)
        return std::nullopt;
    return std::max<qint64>(1, sticky.ttl->count() / 1000);
}

std::optional<NginxSticky> nginx(const Service &service, const QString &upstream,
                                 QList<ExportWarning> &warnings) {
    if (!service.stickySession)
        return std::nullopt;
    const QString cookie = cookieOf(*service.stickySession);
    const QString key = QStringLiteral("$sticky_") + upstream;
    NginxSticky out;
    static const QRegularExpression plainName(QStringLiteral("^[A-Za-z0-9_]+$"));
    // $cookie_NAME only takes names that are nginx variable names; others are read from the
    // Cookie header by a regex (cookie names hold no '"' or '\', so quoting is safe).
    if (plainName.match(cookie).hasMatch())
        out.map = QStringLiteral("    map $cookie_%1 %2 {\n        \"\" $request_id;\n"
                                 "        default $cookie_%1;\n    }\n")
                      .arg(cookie, key);
    else
        out.map = QStringLiteral("    map $http_cookie %1 {\n"
                                 "        \"~(?:^|;)\\s*%2=(?<%3_value>[^;]*)\" $%3_value;\n"
                                 "        default $request_id;\n    }\n")
                      .arg(key, QRegularExpression::escape(cookie), key.mid(1));
    out.map.prepend(QStringLiteral("    # Sticky session (cookie %1): nginx open source hashes the "
                                   "cookie; it does not set it.\n")
                        .arg(cookie));
    out.balance = QStringLiteral("        hash %1 consistent;\n").arg(key);
    QString message =
        QStringLiteral("nginx open source has no sticky cookie (NGINX Plus's `sticky cookie` "
                       "is not open source): exported as `hash` on cookie %1, which nginx does "
                       "not set; the application must set it, clients without it are spread at "
                       "random, and the cookie values are not the engine's")
            .arg(cookie);
    if (service.loadBalancing != LoadBalancing::RoundRobin)
        message +=
            QStringLiteral("; %1 is replaced by the hash").arg(toString(service.loadBalancing));
    warn(warnings, service, message);
    return out;
}

QString haproxyBackend(const Service &service, QList<ExportWarning> &warnings) {
    if (!service.stickySession)
        return {};
    // insert: HAProxy sets the cookie; indirect: only when the client's does not name the
    // server that answered (the engine's rule), and it is not passed on to the server.
    // HAProxy writes "path=/" itself; Max-Age goes in as a raw attribute (maxlife would change
    // the cookie's value). A cookie naming a DOWN server is ignored by default, as in the
    // engine; redispatch also moves a client whose server refuses connections.
    QString out = QStringLiteral("    cookie %1 insert indirect httponly")
                      .arg(cookieOf(*service.stickySession));
    if (const auto age = maxAgeSeconds(*service.stickySession))
        out += QStringLiteral(" attr \"Max-Age=%1\"").arg(*age);
    out += QStringLiteral("\n    option redispatch\n");
    warn(warnings, service,
         QStringLiteral("HAProxy does not pass the sticky cookie on to the endpoint (indirect); "
                        "the engine does"));
    return out;
}

QString haproxyServer(const CompiledService &compiled, int documentIndex) {
    if (!compiled.sticky)
        return {};
    for (const CompiledEndpoint &endpoint : compiled.endpoints)
        if (endpoint.index == documentIndex && !endpoint.stickyToken.empty())
            return QStringLiteral(" cookie ") + QString::fromStdString(endpoint.stickyToken);
    return {};
}

QString caddyPolicy(const Service &service, bool first, QList<ExportWarning> &warnings) {
    if (!service.stickySession)
        return {};
    if (first) {
        QString message =
            QStringLiteral("Caddy 2.6's cookie policy picks a client's first endpoint at random");
        if (service.loadBalancing != LoadBalancing::Random)
            message += QStringLiteral(" (not %1)").arg(toString(service.loadBalancing));
        message += QStringLiteral(", sets the cookie without HttpOnly");
        if (service.stickySession->ttl)
            message += QStringLiteral(" and without Max-Age (the ttl is not exported)");
        message += QStringLiteral(", and its values are not the engine's");
        warn(warnings, service, message);
    }
    return QStringLiteral("cookie ") + cookieOf(*service.stickySession);
}

void traefikWarnings(const Service &service, QList<ExportWarning> &warnings) {
    if (service.stickySession)
        warn(warnings, service,
             QStringLiteral("Traefik's sticky cookie values are its own (a hash of the server "
                            "URL), not the engine's"));
}

void ingressAnnotations(const Service &service, AnnotationProfile profile, const QString &prefix,
                        bool first, QMap<QString, QString> &annotations,
                        const std::function<void(const QString &)> &warnRoute) {
    if (!service.stickySession)
        return;
    const QString cookie = cookieOf(*service.stickySession);
    const auto age = maxAgeSeconds(*service.stickySession);
    switch (profile) {
    case AnnotationProfile::IngressNginx:
        // Affinity is an Ingress annotation in ingress-nginx, applied to the upstreams of its
        // paths; the cookie path would default to each location's path.
        annotations.insert(prefix + QStringLiteral("affinity"), QStringLiteral("cookie"));
        annotations.insert(prefix + QStringLiteral("session-cookie-name"), cookie);
        annotations.insert(prefix + QStringLiteral("session-cookie-path"), QStringLiteral("/"));
        // The engine moves a client whose endpoint fails.
        annotations.insert(prefix + QStringLiteral("session-cookie-change-on-failure"),
                           QStringLiteral("true"));
        if (age) {
            annotations.insert(prefix + QStringLiteral("session-cookie-max-age"),
                               QString::number(*age));
            annotations.insert(prefix + QStringLiteral("session-cookie-expires"),
                               QString::number(*age));
        }
        if (first)
            warnRoute(QStringLiteral("ingress-nginx's affinity cookie values are its own, not "
                                     "the engine's"));
        break;
    case AnnotationProfile::HAProxy:
        annotations.insert(prefix + QStringLiteral("cookie-persistence"), cookie);
        if (first && age)
            warnRoute(QStringLiteral("the HAProxy ingress controller's cookie-persistence has no "
                                     "Max-Age; the sticky session's ttl is not exported"));
        break;
    case AnnotationProfile::Traefik:
        if (first)
            warnRoute(QStringLiteral("Traefik reads sticky sessions from Service annotations "
                                     "(traefik.ingress.kubernetes.io/service.sticky.cookie: "
                                     "\"true\", service.sticky.cookie.name: %1, "
                                     "service.sticky.cookie.httponly: \"true\"%2); not exported")
                          .arg(cookie,
                               age ? QStringLiteral(", service.sticky.cookie.maxage: %1").arg(*age)
                                   : QString()));
        break;
    }
}

void gatewayWarnings(const Service &service, QList<ExportWarning> &warnings) {
    if (service.stickySession)
        warn(warnings, service,
             QStringLiteral("sessionPersistence is experimental Gateway API (GEP-1619: the "
                            "experimental channel's CRDs, and few implementations); the "
                            "implementation picks the cookie's values and attributes"));
}

std::optional<StickySession> ruleSession(const Topology &topology, const Route &route,
                                         const std::function<void(const QString &)> &warnRoute) {
    QList<const Service *> services;
    if (route.backends.isEmpty()) {
        if (const Service *service = topology.findService(route.service))
            services << service;
    } else {
        for (const RouteBackend &backend : route.backends)
            if (const Service *service = topology.findService(backend.service))
                services << service;
    }
    std::optional<StickySession> session;
    bool mixed = false;
    for (const Service *service : services) {
        if (service == services.first())
            session = service->stickySession;
        else if (service->stickySession.has_value() != session.has_value() ||
                 (session && (cookieOf(*service->stickySession) != cookieOf(*session) ||
                              service->stickySession->ttl != session->ttl)))
            mixed = true;
    }
    if (mixed) {
        warnRoute(QStringLiteral("the services of this split differ in sticky session, and a "
                                 "Gateway API rule has one sessionPersistence; not exported"));
        return std::nullopt;
    }
    if (session && services.size() > 1)
        warnRoute(QStringLiteral("sessionPersistence keeps a client on one backend of the split; "
                                 "the engine picks the service by weight on every request"));
    return session;
}

} // namespace ingress::stickyexport
