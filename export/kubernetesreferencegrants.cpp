#include "export/kubernetesreferencegrants.h"

#include <algorithm>

namespace ingress::kubeimport {

void ReferenceGrants::read(ImportSession &session, const YAML::Node &doc) {
    const YAML::Node metadata = doc["metadata"];
    Grant grant;
    grant.nameSpace = session.scalar(metadata, "namespace");
    if (grant.nameSpace.isEmpty())
        grant.nameSpace = QStringLiteral("default");
    const YAML::Node spec = doc["spec"];
    if (!spec || !spec.IsMap()) {
        session.error(doc, QStringLiteral("ReferenceGrant '%1' has no 'spec' mapping")
                               .arg(session.scalar(metadata, "name")));
        return;
    }
    for (const YAML::Node &from : spec["from"])
        grant.from << From{session.scalar(from, "group"), session.scalar(from, "kind", true),
                           session.scalar(from, "namespace", true)};
    for (const YAML::Node &to : spec["to"])
        grant.to << To{session.scalar(to, "group"), session.scalar(to, "kind", true),
                       session.scalar(to, "name")};
    if (grant.from.isEmpty() || grant.to.isEmpty())
        session.warning(spec, QStringLiteral("ReferenceGrant '%1' needs 'from' and 'to'; it "
                                             "allows nothing")
                                  .arg(session.scalar(metadata, "name")));
    m_grants << grant;
}

bool ReferenceGrants::allows(const QString &fromKind, const QString &fromNamespace,
                             const QString &toKind, const QString &toNamespace,
                             const QString &toName) const {
    for (const Grant &grant : m_grants) {
        if (grant.nameSpace != toNamespace)
            continue;
        const bool fromOk = std::any_of(grant.from.begin(), grant.from.end(), [&](const From &f) {
            return f.group == gatewayGroup && f.kind == fromKind && f.nameSpace == fromNamespace;
        });
        const bool toOk = std::any_of(grant.to.begin(), grant.to.end(), [&](const To &t) {
            return t.group.isEmpty() && t.kind == toKind && (t.name.isEmpty() || t.name == toName);
        });
        if (fromOk && toOk)
            return true;
    }
    return false;
}

} // namespace ingress::kubeimport
