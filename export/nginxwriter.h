#pragma once

#include "export/exporter.h"
#include "export/exportpolicy.h"
#include "export/exportsupport.h"

#include <optional>
#include <QMap>
#include <QString>
#include <QStringList>

namespace ingress {

// The state of one nginx export: the http-level maps it accumulates while servers are written,
// and the warnings. Split from NginxExporter so that the location logic has a home of its own.
class NginxWriter {
public:
    NginxWriter(const Topology &topology, QList<ExportWarning> &warnings)
        : m_topology(topology), m_table(RoutingTable::compile(topology)), m_warnings(warnings) {}

    // One `server {}` for topology.hosts[hostIndex] on `listener`. The '*' host is written as
    // the listener's default server; other hosts' locations try the '*' host's routes after
    // their own (the engine's fall-through) before the default service.
    QString server(int hostIndex, const Listener &listener, const QString &tlsLines);
    // The catch-all server of a listener: default service or 404.
    QString defaultServer(const Listener &listener, const QString &tlsLines);
    QString maps() const { return m_maps.join(QString()); }
    // http-level lines the policies need: limit zones and their 429 status (nginxpolicy.cpp).
    QString policyZones() const;

    static QString quote(const QString &text);
    // The http-level proxy_set_header lines. A location that sets a header of its own loses
    // them (nginx inherits proxy_set_header only when a level sets none), so it repeats them.
    static const QList<std::pair<QString, QString>> &proxyHeaders();
    static QString upstreamName(const Service &service);
    static QString listenDirective(const Listener &listener, bool defaultServer);

private:
    struct Candidate {
        int host = -1;             // document index of the host whose compiled routes hold it
        int route = -1;            // position in that host's compiled routes
        bool runtimeRegex = false; // the path has to be checked at request time
    };
    // The host being written: document and compiled form (same index).
    struct HostView {
        const VirtualHost &host;
        const CompiledHost &compiled;
        const Listener *httpsRedirect = nullptr; // every answer is the HTTP -> HTTPS redirect
    };
    QString location(const HostView &view, const Listener &listener, const QString &modifier,
                     const QString &path, const QList<Candidate> &chain);
    // Directives that answer with one candidate; `inIf` limits them to what `if` accepts.
    QString action(const HostView &view, const Listener &listener, const Candidate &candidate,
                   bool inIf, const QString &indent);
    QString answerAction(const CompiledRoute &route, const Listener &listener,
                         const QString &subject, const SourceLocation &where, bool inIf,
                         const QString &indent);
    QString respondAction(const DirectResponse &respond, const QString &subject, bool inIf,
                          const QString &indent);
    QString redirectAction(const CompiledRoute &route, const Listener &listener,
                           const QString &indent);
    QString condition(const CompiledRoute &route, const Candidate &candidate);
    QString fallbackAction(const QString &indent);
    QString hostPortVariable();
    QString proxyTo(const Service *service, const QString &indent, bool inIf);
    QString proxyToSplit(const Route &route, const QString &subject, const QString &indent);
    QString newVariable(const QString &kind);
    // Header filters and rewriteHost of a route answered at location level.
    QString headerDirectives(const Route &route, const QString &indent);

    // Policies (nginxpolicy.cpp). nginx checks them per location, in its own phases: limits,
    // then allow/deny, then basic auth, which is the engine's order.
    QString locationPolicy(const QList<Candidate> &chain, bool unconditionalFirst,
                           const Listener &listener, const QString &indent);
    QString policyDirectives(const exportpolicy::RoutePolicy &policy, const QString &indent);
    // CORS and security headers: the preflight answered in an `if` (rewrite phase, before the
    // checks), then the fields set on every response of the location (nginxpolicy.cpp).
    QString browserDirectives(const exportpolicy::RoutePolicy &policy, const Listener &listener,
                              const QString &indent);
    QString corsMaps(const exportpolicy::RoutePolicy &policy);
    // `return` runs before the access checks: with a policy, the answer moves to a named
    // location that try_files reaches once the checks have passed.
    QString answerAfterPolicy(const QString &answer, const QString &indent);
    QString realIpLines(const Listener &listener) const;
    // External auth (nginxexternalauth.cpp): `auth_request` to an internal location of the
    // server that asks the service, the answer's fields kept in variables (m_authHeaders) and
    // a 401 sent to the sign-in page.
    QString externalAuthDirectives(const exportpolicy::RoutePolicy &policy, const QString &indent);
    QString authLocation(const exportpolicy::AuthRequest &auth, int id) const;
    // proxy_set_header lines of a location whose requests carry the auth answer's fields: the
    // http-level ones repeated (a level that sets one inherits none), then those fields.
    QString authHeaderLines(const QString &indent) const;
    std::optional<exportpolicy::RoutePolicy> policyOf(const Candidate &candidate) const;

    const Topology &m_topology;
    RoutingTablePtr m_table;
    QList<ExportWarning> &m_warnings;
    bool m_hostPortMap = false;
    QStringList m_maps;
    int m_variables = 0;
    bool m_locationHasIfs = false; // an `if` block inherits the location's header directives
    bool m_locationPolicy = false; // the location being written checks a policy
    QStringList m_zones;           // limit_req_zone / limit_conn_zone lines, one per scope
    QStringList m_corsMaps;        // CORS maps, one set per scope
    // The browser fields of the location being written: a named location an answer moves to
    // (answerAfterPolicy) inherits nothing from it, so it repeats them.
    QString m_browserHeaders;
    QString m_namedLocations; // answers moved behind a policy, written after the server's
    int m_answers = 0;
    // External auth: the internal locations of the server being written (their text -> id),
    // and the fields the location being written sets from the auth answer (name, variable).
    QMap<QString, int> m_authLocations;
    QList<std::pair<QString, QString>> m_authHeaders;
    int m_auths = 0;
};

} // namespace ingress
