#pragma once

#include "export/exporter.h"
#include "export/exportsupport.h"
#include "model/routing/routingtable.h"

#include <map>
#include <QList>
#include <QString>
#include <QStringList>
#include <utility>
#include <yaml-cpp/yaml.h>

namespace ingress {

// Collects TraefikExporter's routers, middlewares and weighted / mirroring services from the
// topology (traefikbuilder.cpp), then writes them as Traefik's dynamic YAML (traefikyaml.cpp).
class TraefikBuilder {
public:
    TraefikBuilder(const Topology &topology, const ExportOptions &options, ExportResult &result)
        : m_topology(topology), m_table(RoutingTable::compile(topology)), m_options(options),
          m_result(result) {}

    void build() {
        for (const Listener &listener : m_topology.listeners)
            addListener(listener);
    }
    QByteArray text() const;

private:
    struct Router {
        QString name, entryPoint, rule, service;
        int priority = 0;
        QStringList middlewares;
        bool tls = false;
    };

    void warn(const QString &subject, const SourceLocation &where, const QString &message) {
        m_result.warnings << exportsupport::warnAt(subject, where, message);
    }

    QString hostRule(const VirtualHost &host, const Listener &listener) const;
    QString pathRule(const CompiledRoute &route, const QString &subject);

    QString middleware(const QString &name, const YAML::Node &spec) {
        m_middlewares[name] = spec;
        return name;
    }

    QString serviceName(const Service &service) {
        return QStringLiteral("svc-") + exportsupport::identifier(service.name);
    }

    void addListener(const Listener &listener);
    void addRoute(const VirtualHost &host, const CompiledHost &compiled, int index,
                  const Listener &listener, const QString &httpsRedirect);
    QStringList rewriteMiddlewares(const Route &route, const CompiledRoute &cr, const QString &id);
    QString redirectMiddleware(const CompiledRoute &route, const Listener &listener,
                               const QString &id, const QString &subject);
    void writeServices(YAML::Emitter &out) const;
    QString splitService(const Route &route, const QString &id, const QString &subject);

    const Topology &m_topology;
    RoutingTablePtr m_table;
    const ExportOptions &m_options;
    ExportResult &m_result;
    QList<Router> m_routers;
    std::map<QString, YAML::Node> m_middlewares;
    // Traffic splits: a weighted service per router, name -> (service name, weight).
    std::map<QString, QList<std::pair<QString, int>>> m_splits;
    // Mirrors: a mirroring service per router, name -> (main service, (mirror, percent)...).
    std::map<QString, std::pair<QString, QList<std::pair<QString, int>>>> m_mirrors;
};

} // namespace ingress
