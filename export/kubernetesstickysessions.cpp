#include "export/kubernetesstickysessions.h"

#include <QMap>
#include <QSet>
#include <utility>

namespace ingress::kubeimport {

namespace {

QString key(const BackendRef &ref) {
    return ref.nameSpace + u'/' + ref.service;
}

QString place(const QString &file, SourceLocation where) {
    return QStringLiteral("%1:%2:%3").arg(file).arg(where.line).arg(where.column);
}

QString describe(const StickySession &sticky) {
    QString text = QStringLiteral("cookie %1").arg(sticky.cookie);
    if (sticky.ttl)
        text += QStringLiteral(", ttl %1").arg(formatDuration(*sticky.ttl));
    return text;
}

// The hosts whose routes send to `service`; "*" for the default service and the host "*".
QSet<QString> hostsOf(const Topology &topology, const QString &service) {
    QSet<QString> hosts;
    if (topology.defaultService == service)
        hosts.insert(QStringLiteral("*"));
    for (const VirtualHost &host : topology.hosts)
        for (const Route &route : host.routes) {
            bool uses = route.service == service;
            for (const RouteBackend &backend : route.backends)
                uses = uses || backend.service == service;
            if (uses)
                hosts.insert(host.host);
        }
    return hosts;
}

bool overlap(const QSet<QString> &a, const QSet<QString> &b) {
    return a.intersects(b) || (a.contains(QStringLiteral("*")) && !b.isEmpty()) ||
           (b.contains(QStringLiteral("*")) && !a.isEmpty());
}

void warn(ImportSession &session, const QString &file, SourceLocation where,
          const QString &message) {
    session.diagnostics << Diagnostic{Severity::Warning, QStringLiteral("import"), message, file,
                                      where};
}

} // namespace

void applyStickySessions(ImportSession &session) {
    const QList<StickyRequest> &requests = session.stickyRequests;
    if (requests.isEmpty())
        return;
    QMap<QString, qsizetype> owner; // "namespace/service" -> the request whose sticky it has
    QList<bool> covered(session.refs.size(), false);
    for (qsizetype r = 0; r < requests.size(); ++r) {
        const StickyRequest &request = requests[r];
        QSet<QString> reported;
        for (qsizetype i = request.firstRef; i < request.endRef && i < session.refs.size(); ++i) {
            covered[i] = true;
            const BackendRef &ref = session.refs[i];
            const auto it = owner.constFind(key(ref));
            if (it == owner.cend()) {
                session.serviceNamed(ref.service, ref.nameSpace).stickySession = request.sticky;
                owner.insert(key(ref), r);
                continue;
            }
            const StickyRequest &first = requests[*it];
            if (first.sticky == request.sticky || reported.contains(key(ref)))
                continue;
            reported.insert(key(ref));
            warn(session, request.file, request.sticky.src.node,
                 QStringLiteral("%1 makes service '%2' sticky with %3, but %4 (%5) made it sticky "
                                "with %6 already; the topology keeps one sticky session per "
                                "service, the first")
                     .arg(request.what, ref.service, describe(request.sticky), first.what,
                          place(first.file, first.sticky.src.node), describe(first.sticky)));
        }
    }
    // Routes without affinity to a service that is sticky now: they are sticky too.
    for (qsizetype i = 0; i < session.refs.size(); ++i) {
        const BackendRef &ref = session.refs[i];
        const auto it = owner.constFind(key(ref));
        if (covered[i] || it == owner.cend())
            continue;
        const StickyRequest &request = requests[*it];
        warn(session, ref.file, ref.where,
             QStringLiteral("service '%1' is sent to here without cookie affinity, and %2 (%3) "
                            "asks for it: the topology's sticky session belongs to the service, "
                            "so the imported service is sticky for both")
                 .arg(ref.service, request.what, place(request.file, request.sticky.src.node)));
    }
    // ingress-nginx scopes the cookie to the matched path (session-cookie-path); the engine sets
    // it on Path=/, so two sticky services of one name on one host share the cookie and each
    // re-balances a client the other placed.
    struct Seen {
        QString service, cookie;
        QSet<QString> hosts;
    };
    QList<Seen> seen;
    for (auto it = owner.cbegin(); it != owner.cend(); ++it) {
        const StickyRequest &request = requests[it.value()];
        const QString service = it.key().section(u'/', 1);
        const QSet<QString> hosts = hostsOf(session.topology, service);
        for (const Seen &other : std::as_const(seen)) {
            if (other.cookie != request.sticky.cookie || !overlap(hosts, other.hosts))
                continue;
            warn(session, request.file, request.sticky.src.node,
                 QStringLiteral("services '%1' and '%2' are both sticky with cookie %3 on the "
                                "same host: the engine sets it with Path=/ (ingress-nginx: the "
                                "matched path), so a client of both holds one cookie and is "
                                "balanced again at every switch; give one of them another "
                                "stickySession.cookie")
                     .arg(other.service, service, request.sticky.cookie));
            break;
        }
        seen.append({service, request.sticky.cookie, hosts});
    }
}

} // namespace ingress::kubeimport
