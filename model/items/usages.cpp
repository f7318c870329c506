#include "model/items/usages.h"

#include "model/items/itemtraits.h"

#include <QObject>

namespace ingress {

namespace {

QString routeDescription(const VirtualHost &host, const Route &route) {
    return QObject::tr("route %1 %2").arg(host.host, route.firstMatch().path);
}

QString externalAuthField() {
    return QStringLiteral("policy.externalAuth.service");
}

bool authenticatesWith(const Policy &policy, const QString &service) {
    return policy.externalAuth && policy.externalAuth->service == service;
}

void renameExternalAuth(Policy &policy, const Usage &usage, const QString &oldName,
                        const QString &newName) {
    if (usage.field == externalAuthField() && authenticatesWith(policy, oldName))
        policy.externalAuth->service = newName;
}

} // namespace

QList<Usage> findUsages(const Topology &topology, ItemRef ref) {
    QList<Usage> usages;
    switch (ref.kind) {
    case ItemKind::Service: {
        const QString &name = topology.services.at(ref.row).name;
        for (int h = 0; h < topology.hosts.size(); ++h) {
            const VirtualHost &host = topology.hosts.at(h);
            if (authenticatesWith(host.policy, name))
                usages.append({ItemRef::virtualHost(h), externalAuthField(),
                               QObject::tr("external auth of host %1").arg(host.host)});
            for (int r = 0; r < host.routes.size(); ++r) {
                const Route &route = host.routes.at(r);
                if (authenticatesWith(route.policy, name))
                    usages.append(
                        {ItemRef::route(h, r), externalAuthField(),
                         QObject::tr("external auth of %1").arg(routeDescription(host, route))});
                if (route.service == name)
                    usages.append({ItemRef::route(h, r), QStringLiteral("service"),
                                   routeDescription(host, route)});
                else if (route.serviceNames().contains(name))
                    usages.append({ItemRef::route(h, r), QStringLiteral("backends"),
                                   routeDescription(host, route)});
            }
        }
        if (topology.defaultService == name)
            usages.append({ItemRef{}, QStringLiteral("defaultService"),
                           QObject::tr("the topology's default service")});
        break;
    }
    case ItemKind::Certificate: {
        const QString &name = topology.certificates.at(ref.row).name;
        for (int h = 0; h < topology.hosts.size(); ++h)
            if (topology.hosts.at(h).tls == name)
                usages.append({ItemRef::virtualHost(h), QStringLiteral("tls"),
                               QObject::tr("host %1").arg(topology.hosts.at(h).host)});
        break;
    }
    case ItemKind::Listener: {
        const QString &name = topology.listeners.at(ref.row).name;
        for (int h = 0; h < topology.hosts.size(); ++h)
            if (topology.hosts.at(h).listeners.contains(name))
                usages.append({ItemRef::virtualHost(h), QStringLiteral("listeners"),
                               QObject::tr("host %1").arg(topology.hosts.at(h).host)});
        break;
    }
    case ItemKind::Host:
    case ItemKind::Route:
    case ItemKind::None:
        break;
    }
    return usages;
}

QString nameOf(const Topology &topology, ItemRef ref) {
    switch (ref.kind) {
    case ItemKind::Listener:
        return topology.listeners.at(ref.row).name;
    case ItemKind::Host:
        return topology.hosts.at(ref.row).host;
    case ItemKind::Route:
        return topology.hosts.at(ref.host).routes.at(ref.row).firstMatch().path;
    case ItemKind::Service:
        return topology.services.at(ref.row).name;
    case ItemKind::Certificate:
        return topology.certificates.at(ref.row).name;
    case ItemKind::None:
        break;
    }
    return topology.name;
}

QString nounOf(ItemKind kind) {
    switch (kind) {
    case ItemKind::Listener:
        return ItemTraits<Listener>::noun();
    case ItemKind::Host:
        return ItemTraits<VirtualHost>::noun();
    case ItemKind::Route:
        return ItemTraits<Route>::noun();
    case ItemKind::Service:
        return ItemTraits<Service>::noun();
    case ItemKind::Certificate:
        return ItemTraits<Certificate>::noun();
    case ItemKind::None:
        break;
    }
    return QStringLiteral("topology");
}

ItemRef findByName(const Topology &topology, ItemKind kind, const QString &name) {
    const auto find = [&name](const auto &list, auto make) {
        for (int i = 0; i < list.size(); ++i)
            if (ItemTraits<std::decay_t<decltype(list.at(i))>>::name(list.at(i)) == name)
                return make(i);
        return ItemRef{};
    };
    switch (kind) {
    case ItemKind::Listener:
        return find(topology.listeners, &ItemRef::listener);
    case ItemKind::Host:
        return find(topology.hosts, &ItemRef::virtualHost);
    case ItemKind::Service:
        return find(topology.services, &ItemRef::service);
    case ItemKind::Certificate:
        return find(topology.certificates, &ItemRef::certificate);
    case ItemKind::Route: // routes are named by host and path, not one name
    case ItemKind::None:
        break;
    }
    return {};
}

Route renamedIn(const Route &route, const Usage &usage, const QString &oldName,
                const QString &newName) {
    Route renamed = route;
    renameExternalAuth(renamed.policy, usage, oldName, newName);
    if (usage.field == QLatin1String("service") && renamed.service == oldName)
        renamed.service = newName;
    if (usage.field == QLatin1String("backends"))
        for (RouteBackend &backend : renamed.backends)
            if (backend.service == oldName)
                backend.service = newName;
    return renamed;
}

VirtualHost renamedIn(const VirtualHost &host, const Usage &usage, const QString &oldName,
                      const QString &newName) {
    VirtualHost renamed = host;
    renameExternalAuth(renamed.policy, usage, oldName, newName);
    if (usage.field == QLatin1String("tls") && renamed.tls == oldName)
        renamed.tls = newName;
    if (usage.field == QLatin1String("listeners"))
        for (QString &listener : renamed.listeners)
            if (listener == oldName)
                listener = newName;
    return renamed;
}

} // namespace ingress
