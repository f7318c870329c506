#pragma once

#include "export/kubernetesimportsession.h"

#include <QList>
#include <QString>

namespace ingress::kubeimport {

// Gateway API ReferenceGrants (v1beta1, v1; v1alpha2 read alike): which objects of another
// namespace may refer to the Services and Secrets of a grant's namespace. A reference across
// namespaces holds only when a grant allows it.
class ReferenceGrants {
public:
    void read(ImportSession &session, const YAML::Node &doc);

    // Namespaces are effective ones ("default" for none). Groups: "" is the core group
    // (Service, Secret), Gateway API kinds are in gateway.networking.k8s.io.
    bool allows(const QString &fromKind, const QString &fromNamespace, const QString &toKind,
                const QString &toNamespace, const QString &toName) const;

    static inline const QString gatewayGroup = QStringLiteral("gateway.networking.k8s.io");

private:
    struct From {
        QString group, kind, nameSpace;
    };
    struct To {
        QString group, kind, name; // name empty: every object of that kind
    };
    struct Grant {
        QString nameSpace;
        QList<From> from;
        QList<To> to;
    };
    QList<Grant> m_grants;
};

} // namespace ingress::kubeimport
