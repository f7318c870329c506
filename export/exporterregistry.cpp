#include "export/exporterregistry.h"

#include "export/caddyexporter.h"
#include "export/gatewayapiexporter.h"
#include "export/haproxyexporter.h"
#include "export/kubernetesexporter.h"
#include "export/nginxexporter.h"
#include "export/traefikexporter.h"

namespace ingress {

const std::vector<std::unique_ptr<Exporter>> &ExporterRegistry::all() {
    static const std::vector<std::unique_ptr<Exporter>> exporters = [] {
        std::vector<std::unique_ptr<Exporter>> list;
        list.push_back(std::make_unique<KubernetesExporter>());
        list.push_back(std::make_unique<NginxExporter>());
        list.push_back(std::make_unique<HAProxyExporter>());
        list.push_back(std::make_unique<CaddyExporter>());
        list.push_back(std::make_unique<TraefikExporter>());
        list.push_back(std::make_unique<GatewayApiExporter>());
        return list;
    }();
    return exporters;
}

const Exporter *ExporterRegistry::find(const QString &name) {
    for (const auto &exporter : all())
        if (exporter->name() == name)
            return exporter.get();
    return nullptr;
}

QStringList ExporterRegistry::names() {
    QStringList list;
    for (const auto &exporter : all())
        list << exporter->name();
    return list;
}

} // namespace ingress
