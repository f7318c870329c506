#include "export/kuberneteshttproutereader.h"

#include "export/kubernetesgatewayhostnames.h"
#include "export/kuberneteshttprouterule.h"

namespace ingress::kubeimport {

void HttpRouteReader::read(const YAML::Node &doc) {
    const YAML::Node metadata = doc["metadata"];
    const QString name = m_session.scalar(metadata, "name", true);
    QString nameSpace = m_session.scalar(metadata, "namespace");
    if (nameSpace.isEmpty())
        nameSpace = QStringLiteral("default");
    const YAML::Node spec = doc["spec"];
    if (name.isEmpty())
        return;
    if (!spec || !spec.IsMap()) {
        m_session.error(spec ? spec : doc,
                        QStringLiteral("HTTPRoute '%1' has no 'spec' mapping").arg(name));
        return;
    }
    const QString what = QStringLiteral("HTTPRoute '%1'").arg(name);
    QList<const GatewayListener *> listeners;
    for (const YAML::Node &parentRef : spec["parentRefs"])
        for (const GatewayListener *listener : attach(parentRef, name, nameSpace))
            if (!listeners.contains(listener))
                listeners << listener;
    if (!spec["parentRefs"] || spec["parentRefs"].size() == 0)
        m_session.warning(doc, QStringLiteral("%1 has no parentRefs: it is attached to no "
                                              "Gateway; not imported")
                                   .arg(what));
    // Rules are read even when the route attaches nowhere, so that all problems are listed.
    QList<Route> routes;
    HttpRouteRuleReader rules(m_session, m_grants, m_boundServices, name, nameSpace);
    int index = 0;
    for (const YAML::Node &rule : spec["rules"])
        if (auto route = rules.read(rule, index++))
            routes << *route;
    if (spec["rules"] && !spec["rules"].IsSequence())
        m_session.error(spec["rules"], QStringLiteral("%1: 'rules' must be a list").arg(what));
    if (!spec["rules"]) {
        // Gateway API's default rule matches everything and has no backend: 404.
        m_session.warning(spec, QStringLiteral("%1 has no rules (Gateway API answers 404 for "
                                               "the requests it takes); nothing to import")
                                    .arg(what));
    }
    QStringList hostnames;
    for (const YAML::Node &hostname : spec["hostnames"])
        if (hostname.IsScalar())
            hostnames << q(hostname.Scalar()).toLower();
    QSet<QString> intersecting;
    QSet<QString> filled; // "HOST@LISTENER": Gateway listeners that share a topology listener
    bool attached = false;
    for (const GatewayListener *listener : listeners) {
        QStringList names;
        if (hostnames.isEmpty())
            names << (listener->hostname.isEmpty() ? QStringLiteral("*") : listener->hostname);
        for (const QString &hostname : hostnames)
            if (const auto both = intersectHostnames(listener->hostname, hostname)) {
                intersecting.insert(hostname);
                if (!names.contains(*both))
                    names << *both;
            }
        for (const QString &hostName : names) {
            attached = true;
            // Gateway API attaches a route whose rules all failed (and answers 500 or 404);
            // the topology gets no host without routes, the rules were reported.
            if (routes.isEmpty())
                continue;
            if (const QString key = hostName + u'@' + listener->topologyListener;
                !filled.contains(key))
                filled.insert(key);
            else
                continue;
            VirtualHost &host =
                hostOn(hostName, *listener, spec["hostnames"] ? spec["hostnames"] : doc);
            host.routes << routes;
        }
    }
    int i = 0;
    for (const YAML::Node &hostname : spec["hostnames"]) {
        const QString value = hostnames.value(i++);
        if (!listeners.isEmpty() && !intersecting.contains(value))
            m_session.warning(hostname, QStringLiteral("%1: hostname '%2' intersects with no "
                                                       "hostname of the listeners it attaches "
                                                       "to; not served")
                                            .arg(what, value));
    }
    if (!listeners.isEmpty() && !attached)
        m_session.warning(spec["hostnames"],
                          QStringLiteral("%1: none of its hostnames intersects with its "
                                         "listeners'; the route is not attached")
                              .arg(what));
}

QList<const GatewayListener *> HttpRouteReader::attach(const YAML::Node &parentRef,
                                                       const QString &route,
                                                       const QString &nameSpace) {
    QList<const GatewayListener *> result;
    const QString group = m_session.scalar(parentRef, "group");
    const QString kind = m_session.scalar(parentRef, "kind");
    const QString gateway = m_session.scalar(parentRef, "name", true);
    QString gatewayNamespace = m_session.scalar(parentRef, "namespace");
    if (gatewayNamespace.isEmpty())
        gatewayNamespace = nameSpace;
    const QString section = m_session.scalar(parentRef, "sectionName");
    const auto port = m_session.integer(parentRef, "port");
    const QString what =
        QStringLiteral("HTTPRoute '%1' parentRef %2/%3%4")
            .arg(route, gatewayNamespace, gateway, section.isEmpty() ? QString() : u'/' + section);
    if (gateway.isEmpty())
        return result;
    if ((!group.isEmpty() && group != ReferenceGrants::gatewayGroup) ||
        (!kind.isEmpty() && kind != u"Gateway")) {
        m_session.warning(parentRef,
                          QStringLiteral("%1 is a %2, not a Gateway (a service mesh route?); "
                                         "not imported")
                              .arg(what, kind.isEmpty() ? group : kind));
        return result;
    }
    bool gatewayFound = false, sectionFound = false;
    for (const GatewayListener &listener : m_listeners) {
        if (listener.gateway != gateway || listener.nameSpace != gatewayNamespace)
            continue;
        gatewayFound = true;
        if ((!section.isEmpty() && listener.name != section) || (port && listener.port != *port))
            continue;
        sectionFound = true;
        const bool namespaceAllowed =
            listener.from == GatewayListener::From::All ||
            (listener.from == GatewayListener::From::Same && listener.nameSpace == nameSpace) ||
            (listener.from == GatewayListener::From::Selector &&
             selects(listener, nameSpace, parentRef));
        if (!namespaceAllowed || !listener.allowsHttpRoutes) {
            if (!section.isEmpty() || port)
                m_session.warning(
                    parentRef,
                    QStringLiteral("%1: listener '%2' does not allow %3 (NotAllowed"
                                   "ByListeners); not attached there")
                        .arg(what, listener.name,
                             namespaceAllowed
                                 ? QStringLiteral("HTTPRoutes")
                                 : QStringLiteral("routes from namespace '%1'").arg(nameSpace)));
            continue;
        }
        result << &listener;
    }
    if (!gatewayFound)
        m_session.warning(parentRef, QStringLiteral("%1: no Gateway %2/%3 with an HTTP or HTTPS "
                                                    "listener in the input; not attached")
                                         .arg(what, gatewayNamespace, gateway));
    else if (!sectionFound)
        m_session.warning(
            parentRef,
            QStringLiteral("%1: the Gateway has no imported listener%2%3; not "
                           "attached")
                .arg(what,
                     section.isEmpty() ? QString() : QStringLiteral(" named '%1'").arg(section),
                     port ? QStringLiteral(" on port %1").arg(*port) : QString()));
    else if (result.isEmpty() && section.isEmpty() && !port)
        m_session.warning(parentRef, QStringLiteral("%1: no listener of the Gateway allows the "
                                                    "route (NotAllowedByListeners); not attached")
                                         .arg(what));
    return result;
}

bool HttpRouteReader::selects(const GatewayListener &listener, const QString &nameSpace,
                              const YAML::Node &parentRef) {
    const YAML::Node selector = listener.node["allowedRoutes"]["namespaces"]["selector"];
    const QString what =
        QStringLiteral("Gateway '%1' listener '%2'").arg(listener.gateway, listener.name);
    const auto labels = m_session.namespaceLabels.find(nameSpace);
    if (labels == m_session.namespaceLabels.end()) {
        // The labels are the cluster's; without the Namespace object the input cannot tell.
        m_session.warning(parentRef, QStringLiteral("%1 allows routes from namespaces by label "
                                                    "selector, and the input has no Namespace "
                                                    "'%2' to match it against; attached")
                                         .arg(what, nameSpace));
        return true;
    }
    QString error;
    const std::optional<bool> matches = selectorMatches(selector, *labels, &error);
    if (!matches) {
        m_session.error(parentRef,
                        QStringLiteral("%1: allowedRoutes.namespaces.selector: %2 (in %3)")
                            .arg(what, error, listener.file));
        return false;
    }
    return *matches;
}

VirtualHost &HttpRouteReader::hostOn(const QString &name, const GatewayListener &listener,
                                     const YAML::Node &where) {
    // One host per name and topology listener: Gateway listeners on one port share it.
    for (VirtualHost &host : m_session.topology.hosts)
        if (host.host == name && host.listeners == QStringList{listener.topologyListener})
            return host;
    VirtualHost host;
    host.host = name;
    host.listeners = {listener.topologyListener};
    host.tls = listener.certificate;
    host.src.node = at(where);
    if (host.isWildcard() && !m_wildcardsReported.contains(name)) {
        m_wildcardsReported.insert(name);
        m_session.warning(where, QStringLiteral("host '%1': Gateway API's wildcard also covers "
                                                "names several labels deep (a.b%2); the "
                                                "topology's covers one label")
                                     .arg(name, name.mid(1)));
    }
    m_session.topology.hosts << host;
    return m_session.topology.hosts.last();
}

} // namespace ingress::kubeimport
