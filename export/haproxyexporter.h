#pragma once

#include "export/exporter.h"

namespace ingress {

// haproxy.cfg: one frontend per listener, where `http-request set-var` rules pick the virtual
// host and then the first route in precedence order (docs/routing.md), so that HAProxy's
// first-match rules reproduce the RoutingTable exactly; one backend per service; a crt-list
// for SNI.
class HAProxyExporter : public Exporter {
public:
    QString name() const override { return QStringLiteral("haproxy"); }
    QString displayName() const override { return QStringLiteral("HAProxy (haproxy.cfg)"); }
    QString fileExtension() const override { return QStringLiteral("cfg"); }
    ExportResult exportTopology(const Topology &topology,
                                const ExportOptions &options) const override;
};

} // namespace ingress
