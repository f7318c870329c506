#pragma once

#include "export/kubernetesimportsession.h"
#include "model/topology/securityheaders.h"

#include <optional>
#include <QMap>
#include <QString>
#include <QStringList>

namespace ingress::kubeimport {

// The F5 NGINX Ingress Controller annotations (nginx.org/) of one Ingress the import reads: its
// HSTS ones (hsts, hsts-max-age, hsts-include-subdomains, hsts-behind-proxy). F5 reads the
// others only with hsts and drops them all when one is invalid, so they are kept while the
// annotations are read and translated together (docs/exporters.md, "F5 NGINX Ingress Controller
// annotations").
class NginxOrgAnnotations {
public:
    // Keeps the annotation when `name` (after "nginx.org/") is one of them.
    bool take(const QString &key, const QString &name, const QString &value,
              const YAML::Node &keyNode, const YAML::Node &valueNode);

    // The security headers of the Ingress's routes, or none without nginx.org/hsts: "true".
    // Each annotation taken counts in `translated` or is added to `left` with a warning at its
    // place saying why.
    std::optional<SecurityHeaders> translate(ImportSession &session, bool canary, int &translated,
                                             QStringList &left) const;

    // F5's hsts-max-age when the Ingress does not set it: one month.
    static constexpr int defaultHstsMaxAge = 2592000;

private:
    struct Annotation {
        QString key; // as written, for messages
        QString value;
        YAML::Node keyNode, valueNode;
    };
    const Annotation *find(const char *name) const;

    QMap<QString, Annotation> m_taken; // by name
};

} // namespace ingress::kubeimport
