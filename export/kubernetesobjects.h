#pragma once

#include "export/exporter.h"
#include "export/exportsupport.h"

#include <QMap>
#include <QString>
#include <yaml-cpp/yaml.h>

// Kubernetes objects both the Ingress and the Gateway API exporters write: names, metadata,
// TLS Secrets and the Services (with the endpoints kept as annotations, so that import -> export
// round-trips).
namespace ingress::kubernetes {

// A DNS-1123 label made of `text`.
QString objectName(const QString &text);
void metadata(YAML::Emitter &out, const QString &name, const QString &nameSpace,
              const QMap<QString, QString> &annotations = {});
// A `kubernetes.io/tls` Secret document for a certificate; its data stays empty unless
// `includeSecrets` (an export does not copy keys out by default).
void writeTlsSecret(YAML::Emitter &out, const exportsupport::CertificateFiles &files,
                    const QString &nameSpace, bool includeSecrets);
// One `v1 Service` document per service of the topology, followed by the EndpointSlices of
// its endpoints when it has no selector (kubernetesendpointslices.h).
void writeServices(YAML::Emitter &out, const Topology &topology, QList<ExportWarning> &warnings);

} // namespace ingress::kubernetes
