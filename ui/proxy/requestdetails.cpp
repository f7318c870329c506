#include "ui/proxy/requestdetails.h"

#include "model/routing/routingtable.h"
#include "model/topology/enums.h"

#include <QTextStream>

namespace ingress::ui {

namespace {

QString ms(qint64 us) {
    return QStringLiteral("%1 ms").arg(double(us) / 1000.0, 0, 'f', 1);
}

// Where a client on this machine reaches a listener bound to `address`.
QString connectAddress(const std::string &address) {
    if (address.empty() || address == "0.0.0.0" || address == "*")
        return QStringLiteral("127.0.0.1");
    if (address == "::")
        return QStringLiteral("::1");
    return QString::fromStdString(address);
}

QString hostName(const QByteArray &host) {
    const QString text = QString::fromLatin1(host);
    if (text.startsWith(u'['))
        return text.left(text.indexOf(u']') + 1);
    const qsizetype colon = text.lastIndexOf(u':');
    return colon < 0 ? text : text.left(colon);
}

} // namespace

RequestDetails::RequestDetails(const proxy::AccessLogEntry &entry, const Topology &topology,
                               quint16 listeningPort)
    : m_entry(entry) {
    const RoutingTablePtr table = RoutingTable::compile(topology);
    m_target.scheme = QStringLiteral("http");
    for (const CompiledListener &listener : table->listeners()) {
        if (QString::fromStdString(listener.name) != entry.listener)
            continue;
        m_target.scheme =
            listener.protocol == Protocol::Https ? QStringLiteral("https") : QStringLiteral("http");
        m_target.connectAddress = connectAddress(listener.address);
        m_target.port = listeningPort ? listeningPort : listener.port;
        m_listenerText = QStringLiteral("%1 (%2, %3:%4)")
                             .arg(entry.listener, m_target.scheme, m_target.connectAddress)
                             .arg(m_target.port);
    }
    if (m_listenerText.isEmpty())
        m_listenerText = entry.listener.isEmpty() ? QStringLiteral("(unknown)")
                                                  : entry.listener + QStringLiteral(" (gone)");

    // The same request for the Explainer: the URL names the listener's port so that it picks
    // the same listener, and the headers (Host included) are the client's own.
    const bool malformed = entry.method.isEmpty() || entry.target.startsWith('(');
    if (!malformed && m_target.port != 0) {
        ExplainRequest request;
        request.method = QString::fromLatin1(entry.method);
        QString host = hostName(entry.host);
        if (host.isEmpty())
            host = m_target.connectAddress;
        QString path = QString::fromLatin1(entry.target);
        if (!path.startsWith(u'/')) { // absolute form: its path
            const qsizetype slash = path.indexOf(u'/', path.indexOf(QLatin1String("://")) + 3);
            path = slash < 0 ? QStringLiteral("/") : path.mid(slash);
        }
        request.url =
            QStringLiteral("%1://%2:%3%4").arg(m_target.scheme, host).arg(m_target.port).arg(path);
        for (const auto &[name, value] : entry.requestHeaders)
            request.headers.append({QString::fromLatin1(name), QString::fromLatin1(value)});
        if (entry.requestHeaders.isEmpty() && !entry.host.isEmpty())
            request.headers.append({QStringLiteral("Host"), QString::fromLatin1(entry.host)});
        m_explanation = Explainer(table).explain(request);
    } else {
        m_explanation.error = malformed ? QStringLiteral("the request was malformed")
                                        : QStringLiteral("its listener is no longer there");
    }
    locateItem(topology);
}

void RequestDetails::locateItem(const Topology &topology) {
    // By name: the entry's host and route positions belong to the topology that was served.
    for (int h = 0; h < topology.hosts.size() && !m_entry.hostPattern.isEmpty(); ++h) {
        const VirtualHost &host = topology.hosts[h];
        if (host.host.compare(m_entry.hostPattern, Qt::CaseInsensitive) != 0)
            continue;
        m_item = ItemRef::virtualHost(h);
        for (int r = 0; r < host.routes.size(); ++r) {
            if (host.routes[r].firstMatch().path == m_entry.routePath) {
                m_item = ItemRef::route(h, r);
                return;
            }
        }
        return;
    }
    for (int s = 0; s < topology.services.size() && !m_entry.service.isEmpty(); ++s) {
        if (topology.services[s].name == m_entry.service) {
            m_item = ItemRef::service(s);
            return;
        }
    }
}

QString RequestDetails::routeText() const {
    const QString &host = m_entry.hostPattern;
    if (!host.isEmpty() && !m_entry.routePath.isEmpty())
        return QStringLiteral("%1 %2").arg(host, m_entry.routePath);
    const QString none =
        host.isEmpty() ? QStringLiteral("none") : QStringLiteral("none of host %1").arg(host);
    return m_entry.service.isEmpty() ? QStringLiteral("(%1)").arg(none)
                                     : QStringLiteral("(%1: the default service)").arg(none);
}

QString RequestDetails::curl() const {
    return CurlCommand::forEntry(m_entry, m_target);
}

QString RequestDetails::text() const {
    QString text;
    QTextStream out(&text);
    const proxy::AccessLogEntry &e = m_entry;
    out << "Request\n  " << e.method << ' ' << e.target << ' ' << e.protocol << '\n';
    for (const auto &[name, value] : e.requestHeaders)
        out << "  " << name << ": " << value << '\n';
    if (e.requestHeaders.isEmpty() && !e.host.isEmpty())
        out << "  Host: " << e.host << "\n  (the other headers were not captured)\n";
    if (e.headersTruncated)
        out << "  (only the first " << proxy::AccessLogEntry::maxCapturedHeaders << " headers, "
            << proxy::AccessLogEntry::maxCapturedHeaderBytes / 1024 << " KiB, were kept)\n";

    auto field = [&](const char *name, const QString &value) {
        out << "  " << QString::fromLatin1(name).leftJustified(16) << value << '\n';
    };
    out << "\nServed\n";
    field("time", e.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
    field("client", e.clientAddress);
    field("listener", m_listenerText);
    field("route", routeText());
    field("service",
          e.service.isEmpty() ? QStringLiteral("(none: answered by the proxy)") : e.service);
    field("endpoint", e.endpoint.isEmpty() ? QStringLiteral("(none)") : e.endpoint);
    field("status", QString::number(e.status));
    if (!e.upstreamError.isEmpty())
        field("upstream error", e.upstreamError);
    if (!e.deniedBy.isEmpty())
        field("refused by", QStringLiteral("%1 policy of %2").arg(e.deniedBy, e.policyOrigin));
    if (!e.user.isEmpty())
        field("user", QString::fromUtf8(e.user));
    QStringList timings{QStringLiteral("total %1").arg(ms(e.durationUs))};
    if (e.connectUs >= 0)
        timings << QStringLiteral("upstream connection after %1 (%2)")
                       .arg(ms(e.connectUs),
                            e.upstreamReused ? QStringLiteral("reused") : QStringLiteral("new"));
    if (e.firstByteUs >= 0)
        timings << QStringLiteral("response head after %1").arg(ms(e.firstByteUs));
    field("timings", timings.join(QStringLiteral("; ")));
    field("request id", QString::fromLatin1(e.requestId));

    out << "\nWhy (explained against the topology as it is now)\n";
    if (!m_explanation.ok()) {
        out << "  " << m_explanation.error << '\n';
        return text;
    }
    const RouteMatch &match = m_explanation.match;
    const QString nowHost = match.host ? QString::fromStdString(match.host->pattern) : QString();
    const QString nowPath = match.route ? QString::fromStdString(match.route->path) : QString();
    if (nowHost.compare(e.hostPattern, Qt::CaseInsensitive) != 0 || nowPath != e.routePath)
        out << "  The topology has changed since: the request was served by " << routeText()
            << ".\n";
    for (const QString &line : m_explanation.toText().split(u'\n'))
        if (!line.isEmpty())
            out << "  " << line << '\n';
    return text;
}

} // namespace ingress::ui
