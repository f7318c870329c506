#pragma once

#include "export/kubernetesimportsession.h"
#include "export/kubernetesreferencegrants.h"

#include <optional>
#include <QSet>
#include <QString>

namespace ingress::kubeimport {

// One rule of an HTTPRoute as a topology route: matches, backendRefs (a service or a weighted
// split), filters and timeouts. A backendRef Gateway API cannot resolve (unknown Service or
// kind, another namespace without a ReferenceGrant) makes Gateway API answer 500 for its share
// of the requests; the topology has no such answer, so the reference is reported and left out.
class HttpRouteRuleReader {
public:
    // `nameSpace`: the route's effective namespace; `boundServices`: NAMESPACE/NAME and NAME
    // of the services --endpoint binds (they exist even when the input lacks them).
    HttpRouteRuleReader(ImportSession &session, const ReferenceGrants &grants,
                        const QSet<QString> &boundServices, const QString &routeName,
                        const QString &nameSpace)
        : m_session(session), m_grants(grants), m_boundServices(boundServices),
          m_routeName(routeName), m_nameSpace(nameSpace) {}

    // nullopt: the rule cannot be imported (reported).
    std::optional<Route> read(const YAML::Node &rule, int index);

private:
    void matches(Route &route, const YAML::Node &list);
    QList<HeaderMatch> valueMatches(const YAML::Node &list, const char *what);
    void backends(Route &route, const YAML::Node &list);
    void filters(Route &route, const YAML::Node &list);
    HeaderFilter headerFilter(const YAML::Node &node);
    void urlRewrite(Route &route, const YAML::Node &node);
    void redirect(Route &route, const YAML::Node &node);
    void mirror(Route &route, const YAML::Node &node);
    void timeouts(Route &route, const YAML::Node &node);
    // The rule's sessionPersistence, asked of the services of its backendRefs (from firstRef
    // on in ImportSession::refs), in kuberneteshttproutesession.cpp.
    void sessionPersistence(const YAML::Node &rule, qsizetype firstRef);
    // The Service a backendRef names, when Gateway API resolves it; else reported.
    std::optional<QString> service(const YAML::Node &ref, const QString &consequence);

    ImportSession &m_session;
    const ReferenceGrants &m_grants;
    const QSet<QString> &m_boundServices;
    QString m_routeName, m_nameSpace;
    QString m_what; // "HTTPRoute 'x' rule #n", for messages
};

} // namespace ingress::kubeimport
