#pragma once

#include "export/kubernetesimporter.h"
#include "export/kubernetesimportsession.h"

namespace ingress::kubeimport {

// Whether a document of this apiVersion and kind is a Gateway API object the import reads
// (Gateway, HTTPRoute, ReferenceGrant); those are kept for translateGatewayApi(). Other
// gateway.networking.k8s.io kinds and policies are reported here.
bool takeGatewayApiDocument(ImportSession &session, const YAML::Node &doc,
                            const QString &apiVersion, const QString &kind);

// Once every file is read (Services known, ReferenceGrants collected): Gateways become listeners
// and certificates, HTTPRoutes hosts and routes on them.
void translateGatewayApi(ImportSession &session,
                         const KubernetesImporter::EndpointBindings &bindings);

} // namespace ingress::kubeimport
