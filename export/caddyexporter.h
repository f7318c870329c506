#pragma once

#include "export/exporter.h"

namespace ingress {

// A Caddyfile (`caddy run --adapter caddyfile --config Caddyfile`): one site per host and
// listener plus a catch-all site per listener for the default service; inside a site one
// `route` block holds a `handle` per route in the RoutingTable's precedence order, so Caddy's
// first-match reproduces ours (docs/exporters.md). Written for Caddy 2.6 (Debian 12).
class CaddyExporter : public Exporter {
public:
    QString name() const override { return QStringLiteral("caddy"); }
    QString displayName() const override { return QStringLiteral("Caddy (Caddyfile)"); }
    QString fileExtension() const override { return QString(); }
    ExportResult exportTopology(const Topology &topology,
                                const ExportOptions &options) const override;
};

} // namespace ingress
