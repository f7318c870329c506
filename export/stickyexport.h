#pragma once

#include "export/exporter.h"
#include "model/routing/routingtable.h"
#include "model/topology/service.h"
#include "model/topology/topology.h"

#include <functional>
#include <optional>
#include <QList>
#include <QMap>
#include <QString>

// A service's sticky session (StickySession) in each export target's words, and what each
// cannot say. The engine sets `<cookie>=<CompiledEndpoint::stickyToken>; Path=/; HttpOnly`
// (+ Max-Age with a ttl); HAProxy alone can be told those exact values, the other targets pick
// their own cookie values, so a client's cookie does not carry over between them.
namespace ingress::stickyexport {

QString subject(const Service &service);
// The cookie's Max-Age in seconds as the engine computes it; unset: a session cookie.
std::optional<qint64> maxAgeSeconds(const StickySession &sticky);

// nginx open source has no `sticky` (NGINX Plus only): the upstream hashes the cookie instead
// (`hash ... consistent`), and a map gives clients without the cookie a random key, so that
// they are spread rather than all hashed to one server. nginx never sets the cookie.
struct NginxSticky {
    QString map;     // http-level map defining the hash key
    QString balance; // the upstream's balancing line, replacing loadBalancing's
};
std::optional<NginxSticky> nginx(const Service &service, const QString &upstream,
                                 QList<ExportWarning> &warnings);

// HAProxy inserts the cookie itself, with the engine's tokens as the servers' cookie values.
// The backend's `cookie` line (empty without a sticky session).
QString haproxyBackend(const Service &service, QList<ExportWarning> &warnings);
// " cookie <token>" for the endpoint at `documentIndex` of the service (empty when none).
QString haproxyServer(const CompiledService &compiled, int documentIndex);

// Caddy's `lb_policy cookie <name>`; `warn`: report what does not translate (once a service).
QString caddyPolicy(const Service &service, bool warn, QList<ExportWarning> &warnings);

// Traefik's loadBalancer.sticky.cookie is written by the exporter; this reports the rest.
void traefikWarnings(const Service &service, QList<ExportWarning> &warnings);

// Annotations of the Ingresses whose paths use `service` (the Ingress groups by annotations,
// so sticky and non-sticky paths never share an Ingress). `warn` reports on the route.
void ingressAnnotations(const Service &service, AnnotationProfile profile, const QString &prefix,
                        bool first, QMap<QString, QString> &annotations,
                        const std::function<void(const QString &)> &warn);

// Gateway API: sessionPersistence of the rules that use the service (experimental, GEP-1619).
void gatewayWarnings(const Service &service, QList<ExportWarning> &warnings);
// The sticky session of a rule sending to `route`'s services: unset when none has one, or
// when they differ (reported through `warnRoute`, as is a split, which the rule's session
// keeps on one backend where the engine picks the service by weight every time).
std::optional<StickySession> ruleSession(const Topology &topology, const Route &route,
                                         const std::function<void(const QString &)> &warnRoute);

} // namespace ingress::stickyexport
