#pragma once

#include "export/exporter.h"
#include "export/exportpolicy.h"

#include <QList>
#include <yaml-cpp/yaml.h>

namespace ingress::gatewayapi {

// A route's policy in an HTTPRoute rule: CORS as the CORS filter (HTTPCORSFilter, Gateway API
// v1.3), security headers as `set` entries of the rule's ResponseHeaderModifier, and the parts
// that check requests reported (Gateway API has no core filter for them).
class RulePolicy {
public:
    RulePolicy(const Topology &topology, QList<ExportWarning> &warnings)
        : m_topology(topology), m_warnings(warnings) {}

    // The CORS filter, or a null node when the policy has none (or allows no origin).
    YAML::Node corsFilter(const exportpolicy::RoutePolicy &policy);
    // `own` (the route's response headers) with the security headers set over it: a rule may
    // hold one ResponseHeaderModifier.
    HeaderFilter responseHeaders(const HeaderFilter &own, const exportpolicy::RoutePolicy &policy);
    void reportChecks(const exportpolicy::RoutePolicy &policy);

private:
    const Topology &m_topology;
    QList<ExportWarning> &m_warnings;
};

} // namespace ingress::gatewayapi
