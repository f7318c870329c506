#pragma once

#include "export/exporter.h"

namespace ingress {

// Traefik v3 dynamic configuration (file provider YAML): a router per route with an explicit
// priority that reproduces the RoutingTable's precedence, services with weighted servers and
// health checks, middlewares for rewrites, redirects and body limits. Entry points belong to
// Traefik's static configuration: a comment lists them (docs/exporters.md).
class TraefikExporter : public Exporter {
public:
    QString name() const override { return QStringLiteral("traefik"); }
    QString displayName() const override { return QStringLiteral("Traefik (dynamic YAML)"); }
    QString fileExtension() const override { return QStringLiteral("yaml"); }
    ExportResult exportTopology(const Topology &topology,
                                const ExportOptions &options) const override;
};

} // namespace ingress
