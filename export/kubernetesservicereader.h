#pragma once

#include "export/kubernetesimporter.h"
#include "export/kubernetesimportsession.h"

namespace ingress::kubeimport {

// Services and their endpoints: v1 Service objects, the backends Ingresses name (resolved once
// every file is read) and the endpoints bound on the command line.
class ServiceReader {
public:
    explicit ServiceReader(ImportSession &session) : m_session(session) {}

    void read(const YAML::Node &doc);
    // Every backend named by an Ingress gets a service with the port it means. A service not in
    // the input is a warning unless `bindings` give it endpoints.
    void resolveBackends(const KubernetesImporter::EndpointBindings &bindings);
    // --endpoint binds a service to local endpoints.
    void bindEndpoints(const KubernetesImporter::EndpointBindings &bindings);
    // The topology names a service once, Kubernetes once per namespace: where namespaces share
    // a name, the service the routes refer to keeps it and the others become NAME-NAMESPACE.
    void disambiguateNames();

private:
    void resolve(const BackendRef &ref, const KubernetesImporter::EndpointBindings &bindings);

    ImportSession &m_session;
};

} // namespace ingress::kubeimport
