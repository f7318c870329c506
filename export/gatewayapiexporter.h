#pragma once

#include "export/exporter.h"

namespace ingress {

// Gateway API v1: one Gateway (a listener per HTTP listener, and per HTTPS listener and TLS
// host with its certificateRefs), HTTPRoutes per group of hosts sharing their routes (split at
// 16 hostnames / 16 rules), Services and TLS Secrets (docs/exporters.md).
class GatewayApiExporter : public Exporter {
public:
    QString name() const override { return QStringLiteral("gateway-api"); }
    QString displayName() const override { return QStringLiteral("Gateway API (YAML)"); }
    QString fileExtension() const override { return QStringLiteral("yaml"); }
    ExportResult exportTopology(const Topology &topology,
                                const ExportOptions &options) const override;
};

} // namespace ingress
