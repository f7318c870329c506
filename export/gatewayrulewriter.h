#pragma once

#include "export/exporter.h"
#include "export/exportsupport.h"
#include "model/routing/routingtable.h"
#include "model/topology/topology.h"

#include <QString>
#include <utility>
#include <yaml-cpp/yaml.h>

namespace ingress::gatewayapi {

// The rules of the HTTPRoutes the Gateway API exporter writes: a host's routes as rules
// (matches, filters, backendRefs), then the '*' host's and the default service's, since a
// Gateway picks one HTTPRoute by hostname and does not fall through to another.
class RuleWriter {
public:
    RuleWriter(const Topology &topology, RoutingTablePtr table, ExportResult &result)
        : m_topology(topology), m_table(std::move(table)), m_result(result) {}

    YAML::Node hostRules(int hostIndex);
    YAML::Node backend(const Service &service) const;

private:
    void warn(const QString &subject, const SourceLocation &where, const QString &message) {
        m_result.warnings << exportsupport::warnAt(subject, where, message);
    }
    YAML::Node routeRule(const VirtualHost &host, const CompiledHost &compiled, int index);
    YAML::Node redirectFilter(const CompiledRoute &route, const Listener &listener,
                              const QString &subject);

    const Topology &m_topology;
    RoutingTablePtr m_table;
    ExportResult &m_result;
};

} // namespace ingress::gatewayapi
