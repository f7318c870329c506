#pragma once

#include "export/exporter.h"

namespace ingress {

// Multi-document YAML: networking.k8s.io/v1 Ingresses (one per namespace and annotation set),
// v1 Services and kubernetes.io/tls Secrets. Endpoints and load balancing, which Kubernetes
// takes from pods, travel as ingress-studio.io annotations so that an import gives the same
// topology back.
class KubernetesExporter : public Exporter {
public:
    static inline const QString endpointsAnnotation = QStringLiteral("ingress-studio.io/endpoints");
    static inline const QString loadBalancingAnnotation =
        QStringLiteral("ingress-studio.io/load-balancing");

    QString name() const override { return QStringLiteral("kubernetes"); }
    QString displayName() const override { return QStringLiteral("Kubernetes Ingress (YAML)"); }
    QString fileExtension() const override { return QStringLiteral("yaml"); }
    ExportResult exportTopology(const Topology &topology,
                                const ExportOptions &options) const override;
};

} // namespace ingress
