#pragma once

#include "export/kubernetesimportsession.h"
#include "model/topology/policy.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace ingress::kubeimport {

// The ingress-nginx annotations of one Ingress that make a topology Policy: the access lists
// (allowlist-source-range or its older name whitelist-source-range, denylist-source-range),
// basic auth (auth-type, auth-secret, auth-secret-type, auth-realm) and the limits (limit-rps,
// limit-rpm, limit-burst-multiplier, limit-connections). They depend on each other (auth-secret
// means nothing without auth-type, the multiplier scales the rate), so they are kept while the
// annotations are read and translated together once all are (docs/exporters.md, "ingress-nginx
// annotations").
class IngressPolicyAnnotations {
public:
    // Keeps the annotation when `name` (after "nginx.ingress.kubernetes.io/") is one of them.
    bool take(const QString &key, const QString &name, const QString &value,
              const YAML::Node &keyNode, const YAML::Node &valueNode);

    // The policy of the Ingress's routes. Each annotation taken counts in `translated` or is
    // added to `left` with a warning at its place saying why. `nameSpace` is the Ingress's
    // (empty for "default"), for the Secret auth-secret names.
    Policy translate(ImportSession &session, const QString &nameSpace, bool canary, int &translated,
                     QStringList &left) const;

private:
    struct Annotation {
        QString key; // as written, for messages
        QString value;
        YAML::Node keyNode, valueNode;
    };
    const Annotation *find(const char *name) const;

    void accessLists(ImportSession &session, Policy &policy, int &translated,
                     QStringList &left) const;
    void basicAuth(ImportSession &session, const QString &nameSpace, Policy &policy,
                   int &translated, QStringList &left) const;
    void limits(ImportSession &session, Policy &policy, int &translated, QStringList &left) const;

    QMap<QString, Annotation> m_taken; // by name
};

} // namespace ingress::kubeimport
