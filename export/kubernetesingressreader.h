#pragma once

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
    struct Annotations {
        bool useRegex = false;
        QString rewriteTarget;
        std::optional<bool> sslRedirect;
        // ingress-nginx canary Ingress: its paths join the main Ingress's as a split.
        bool canary = false;
        std::optional<int> canaryWeight;
        int canaryWeightTotal = 100;
    };

    Annotations annotations(const YAML::Node &metadata);
    void tlsEntries(const YAML::Node &spec);
    void route(VirtualHost &host, const YAML::Node &node, const QString &nameSpace, bool beta,
               const Annotations &notes);
    void mergeCanary(VirtualHost &host, const Route &canary, const YAML::Node &node,
                     const Annotations &notes);
    std::optional<BackendRef> backend(const YAML::Node &node, const QString &nameSpace, bool beta);

    ImportSession &m_session;
};

} // namespace ingress::kubeimport
