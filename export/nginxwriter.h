#pragma once

#include "exporter.h"
#include "exportsupport.h"

#include <QString>
#include <QStringList>

namespace ingress {

// The state of one nginx export: the http-level maps it accumulates while servers are written,
// and the warnings. Split from NginxExporter so that the location logic has a home of its own.
class NginxWriter {
public:
    NginxWriter(const Topology &topology, QList<ExportWarning> &warnings)
        : m_topology(topology), m_table(RoutingTable::compile(topology)), m_warnings(warnings) {}

    // One `server {}` for topology.hosts[hostIndex] on `listener`.
    QString server(int hostIndex, const Listener &listener, const QString &tlsLines);
    // The catch-all server of a listener: default service or 404.
    QString defaultServer(const Listener &listener, const QString &tlsLines);
    QString maps() const { return m_maps.join(QString()); }

    static QString quote(const QString &text);
    static QString upstreamName(const Service &service);
    static QString listenDirective(const Listener &listener, bool defaultServer);

private:
    struct Candidate {
        int route = -1;            // index into the host's routes; -1: the fallback
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
    QString redirectAction(const CompiledRoute &route, const Listener &listener,
                           const QString &indent);
    QString condition(const CompiledRoute &route, const Candidate &candidate);
    QString fallbackAction(const QString &indent);
    QString hostPortVariable();
    QString proxyTo(const Service *service, const QString &indent, bool inIf);
    QString proxyToSplit(const Route &route, const QString &subject, const QString &indent);
    QString newVariable(const QString &kind);

    const Topology &m_topology;
    RoutingTablePtr m_table;
    QList<ExportWarning> &m_warnings;
    bool m_hostPortMap = false;
    QStringList m_maps;
    int m_variables = 0;
};

} // namespace ingress
