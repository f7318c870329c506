#pragma once

#include "export/kubernetesimportsession.h"
#include "model/topology/cors.h"

#include <optional>
#include <QMap>
#include <QString>
#include <QStringList>

namespace ingress::kubeimport {

// ingress-nginx's CORS annotations of one Ingress: enable-cors and the cors-* ones that shape
// it (cors-allow-origin, -allow-methods, -allow-headers, -expose-headers, -allow-credentials,
// -max-age). The cors-* mean nothing without enable-cors, and credentials depend on the
// origins, so they are kept while the annotations are read and translated together
// (docs/exporters.md, "ingress-nginx annotations").
class IngressCorsAnnotations {
public:
    // Keeps the annotation when `name` (after "nginx.ingress.kubernetes.io/") is one of them.
    bool take(const QString &key, const QString &name, const QString &value,
              const YAML::Node &keyNode, const YAML::Node &valueNode);

    // The CORS of the Ingress's routes, or none without enable-cors: "true". Each annotation
    // taken counts in `translated` or is added to `left` with a warning at its place saying why.
    std::optional<Cors> translate(ImportSession &session, bool canary, int &translated,
                                  QStringList &left) const;

private:
    struct Annotation {
        QString key; // as written, for messages
        QString value;
        YAML::Node keyNode, valueNode;
    };
    const Annotation *find(const char *name) const;

    void origins(ImportSession &session, Cors &cors, int &translated, QStringList &left) const;
    void lists(ImportSession &session, Cors &cors, int &translated, QStringList &left) const;
    void credentials(ImportSession &session, Cors &cors, int &translated, QStringList &left) const;
    void maxAge(ImportSession &session, Cors &cors, int &translated, QStringList &left) const;

    QMap<QString, Annotation> m_taken; // by name
};

} // namespace ingress::kubeimport
