#pragma once

#include "export/kubernetesimportsession.h"

namespace ingress::kubeimport {

// Once every Service is read: EndpointSlices (discovery.k8s.io/v1) give the endpoints of the
// Service their `kubernetes.io/service-name` label names, ADDRESS:PORT for each address of a
// ready endpoint and each port. A Service whose endpoints the ingress-studio.io/endpoints
// annotation gave (the export writes both) keeps those, with their weights; its slices are
// noted and skipped.
void readEndpointSlices(ImportSession &session);

} // namespace ingress::kubeimport
