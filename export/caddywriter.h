#pragma once

#include "export/exporter.h"
#include "export/exportpolicy.h"
#include "export/exportsupport.h"

#include <QString>

namespace ingress {

// The body of Caddyfile sites: matchers and handles for one host on one listener, the
// catch-all answer, `reverse_proxy` blocks. Split from CaddyExporter, which lays out sites,
// global options and certificates.
class CaddyWriter {
public:
    // `includeSecrets`: basic auth's password hashes are written into the Caddyfile.
    CaddyWriter(const Topology &topology, QList<ExportWarning> &warnings,
                bool includeSecrets = false);

    // Matchers and the `route` block of topology.hosts[hostIndex] on `listener`.
    QString hostBody(int hostIndex, const Listener &listener);
    // What a request no route takes gets: the default service or 404.
    QString fallback(const QString &indent);

    static QString quote(const QString &text);
    // The endpoints of `service` for reverse_proxy and forward_auth, weights as repetitions.
    static QStringList weightedUpstreams(const Service &service);
    // Listeners' trusted proxies, which Caddy 2.6 cannot take (caddypolicy.cpp).
    static void reportTrustedProxies(const Topology &topology, QList<ExportWarning> &warnings);
    bool wroteSecrets() const { return m_wroteSecrets; }

private:
    QString matcher(const QString &name, const CompiledRoute &route, const QString &subject);
    QString routeHandle(const VirtualHost &host, const CompiledHost &compiled, int routeIndex,
                        const Listener &listener);
    QString redirect(const CompiledRoute &route, const Listener &listener, const QString &indent);
    QString respond(const DirectResponse &respond, const QString &subject, const QString &indent);
    QString rewrite(const Route &route, const CompiledRoute &compiled, const QString &indent);
    QString proxy(const Service *service, const Route *route, const QString &indent);
    QString httpsRedirect(const Listener &https, const QString &indent) const;
    // Policies (caddypolicy.cpp): site-level matchers for the access list, and the handlers
    // that check it and basic auth before the route's own, in a `route` block that keeps them
    // in that order.
    QString policyMatchers(const QString &name, const exportpolicy::RoutePolicy &policy);
    QString policyHandle(const QString &name, const exportpolicy::RoutePolicy &policy,
                         const Listener &listener, const QString &handle);
    QString basicAuth(const exportpolicy::RoutePolicy &policy, const QString &indent);
    // `forward_auth` to the auth service; the fields a 2xx lacks are removed after it.
    QString forwardAuth(const QString &name, const exportpolicy::RoutePolicy &policy,
                        const QString &indent);
    // CORS and security headers: `header` handlers (deferred, so that they replace the
    // backend's fields) and the preflight's `respond`, ahead of the checks.
    QString browserHandlers(const QString &name, const exportpolicy::RoutePolicy &policy,
                            const Listener &listener, const QString &indent);

    const Topology &m_topology;
    RoutingTablePtr m_table;
    QList<ExportWarning> &m_warnings;
    QStringList m_warnedServices;
    bool m_includeSecrets = false;
    bool m_wroteSecrets = false;
};

} // namespace ingress
