#pragma once

#include "export/exporter.h"

namespace ingress {

// A complete nginx.conf that starts with `nginx -c nginx.conf -p DIR` (certificates under
// DIR/certs). Locations reproduce the Kubernetes Exact/Prefix semantics and the RoutingTable's
// precedence; method and header narrowing is compiled into `map` chains (docs/exporters.md).
class NginxExporter : public Exporter {
public:
    QString name() const override { return QStringLiteral("nginx"); }
    QString displayName() const override { return QStringLiteral("nginx (nginx.conf)"); }
    QString fileExtension() const override { return QStringLiteral("conf"); }
    ExportResult exportTopology(const Topology &topology,
                                const ExportOptions &options) const override;
};

} // namespace ingress
