#pragma once

#include "export/ingressnginxannotations.h"
#include "export/kubernetesimportsession.h"

#include <optional>

namespace ingress::kubeimport {

// Ingress objects (v1, and v1beta1 read as v1): rules become hosts and routes, the default
// backend the default service, `tls` entries certificates; the ingress-nginx and HAProxy
// annotations the topology can express are read, the others reported.
class IngressReader {
public:
    explicit IngressReader(ImportSession &session) : m_session(session) {}

    // `beta`: v1beta1 field names (serviceName / servicePort, `backend`).
    void read(const YAML::Node &doc, bool beta);

private:
    using Annotations = IngressAnnotations;

    void tlsEntries(const YAML::Node &spec);
    void appRoot(VirtualHost &host, const YAML::Node &rule, const Annotations &notes);
    void route(VirtualHost &host, const YAML::Node &node, const QString &nameSpace, bool beta,
               const Annotations &notes);
    void pathRegex(Route &r, const YAML::Node &node, const Annotations &notes);
    void mergeCanary(VirtualHost &host, const Route &canary, const YAML::Node &node,
                     const Annotations &notes);
    std::optional<BackendRef> backend(const YAML::Node &node, const QString &nameSpace, bool beta);

    ImportSession &m_session;
};

} // namespace ingress::kubeimport
