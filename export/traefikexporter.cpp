#include "export/traefikexporter.h"

#include "export/exportsupport.h"
#include "export/stickyexport.h"
#include "export/traefikbuilder.h"
#include "export/traefikpolicy.h"
#include "model/topology/enums.h"

namespace ingress {

using namespace exportsupport;

ExportResult TraefikExporter::exportTopology(const Topology &topology,
                                             const ExportOptions &options) const {
    ExportResult result;
    result.mainFileName = QStringLiteral("traefik-dynamic.yaml");
    TraefikBuilder builder(topology, options, result);
    builder.build();
    QString header = QStringLiteral("# Traefik v3 dynamic configuration exported by Ingress "
                                    "Studio from topology '%1'.\n# Entry points (static "
                                    "configuration, traefik.yml):\n#   entryPoints:\n")
                         .arg(topology.name);
    for (const Listener &listener : topology.listeners)
        header += QStringLiteral("#     %1: {address: \"%2\"%3}\n")
                      .arg(identifier(listener.name), listener.bind,
                           traefik::entryPointForwardedHeaders(listener));
    for (const Service &service : topology.services) {
        if (service.loadBalancing != LoadBalancing::RoundRobin)
            result.warnings << warnAt(QStringLiteral("service %1").arg(service.name),
                                      service.src.at(QStringLiteral("loadBalancing")),
                                      QStringLiteral("Traefik balances by weighted round robin "
                                                     "only; %1 is not exported")
                                          .arg(toString(service.loadBalancing)));
        stickyexport::traefikWarnings(service, result.warnings);
        if (service.healthCheck)
            result.warnings << warnAt(QStringLiteral("service %1").arg(service.name),
                                      service.healthCheck->src.node,
                                      QStringLiteral("Traefik health checks have no healthy / "
                                                     "unhealthy thresholds"));
    }
    result.warnings << ExportWarning{
        QStringLiteral("entry points are static configuration: add the listed entryPoints to "
                       "traefik.yml; HTTPS redirects use redirectScheme (Traefik's own "
                       "status codes)"),
        QString(),
        {}};
    result.mainText = header.toUtf8() + builder.text();
    return result;
}

} // namespace ingress
