#pragma once

#include "export/exporter.h"

#include <QList>
#include <QString>
#include <yaml-cpp/yaml.h>

namespace ingress::kubernetes {

// The value of `endpointslice.kubernetes.io/managed-by` on the slices an export writes, so that
// the cluster's EndpointSlice controller leaves them alone and people can tell where they came
// from.
inline const QString endpointSliceManager = QStringLiteral("ingress-studio.io");

// `discovery.k8s.io/v1` EndpointSlices that carry a selector-less Service's designed endpoints:
// one per address type (IPv4, IPv6, FQDN) and endpoint port, since a slice has one of each.
// Services with a selector get none (the cluster finds their pods); weights cannot be said in a
// slice and are reported.
void writeEndpointSlices(YAML::Emitter &out, const Service &service,
                         QList<ExportWarning> &warnings);

} // namespace ingress::kubernetes
