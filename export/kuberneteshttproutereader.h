#pragma once

#include "export/kubernetesgatewayreader.h"
#include "export/kubernetesimportsession.h"
#include "export/kubernetesreferencegrants.h"

#include <QList>
#include <QSet>
#include <QString>

namespace ingress::kubeimport {

// HTTPRoute objects (v1, v1beta1): a route attaches to the Gateway listeners its parentRefs
// name (all of a Gateway's, or those `sectionName` / `port` select) and allow it; its hostnames,
// intersected with each listener's, become hosts on that listener (none: the listener's
// hostname, or `*`), and every rule a route of each host, in file order.
class HttpRouteReader {
public:
    HttpRouteReader(ImportSession &session, const ReferenceGrants &grants,
                    const QList<GatewayListener> &listeners, const QSet<QString> &boundServices)
        : m_session(session), m_grants(grants), m_listeners(listeners),
          m_boundServices(boundServices) {}

    void read(const YAML::Node &doc);

private:
    // The listeners one parentRef attaches the route to; none reported.
    QList<const GatewayListener *> attach(const YAML::Node &parentRef, const QString &route,
                                          const QString &nameSpace);
    // Whether a listener's namespace selector allows routes of `nameSpace` (the input's Namespace
    // objects say its labels).
    bool selects(const GatewayListener &listener, const QString &nameSpace,
                 const YAML::Node &parentRef);
    VirtualHost &hostOn(const QString &name, const GatewayListener &listener,
                        const YAML::Node &where);

    ImportSession &m_session;
    const ReferenceGrants &m_grants;
    const QList<GatewayListener> &m_listeners;
    const QSet<QString> &m_boundServices;
    QSet<QString> m_wildcardsReported;
};

} // namespace ingress::kubeimport
