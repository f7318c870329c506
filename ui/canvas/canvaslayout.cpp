#include "ui/canvas/canvaslayout.h"

#include "model/items/topologydocument.h"
#include "model/topology/duration.h"
#include "model/topology/enums.h"
#include "model/topology/topology.h"
#include "ui/policytext.h"

#include <algorithm>

namespace ingress::ui {

namespace {
constexpr qreal pitch = CanvasLayout::nodeHeight + CanvasLayout::rowGap;

qreal blockHeight(std::size_t routes) {
    return qreal(std::max<std::size_t>(1, routes)) * pitch + CanvasLayout::rowGap;
}
} // namespace

CanvasLayout::CanvasLayout()
    : m_texts{QObject::tr("HTTP"), QObject::tr("TLS %1"), QObject::tr("%1, redirect"),
              QObject::tr("weight %1")} {
    m_columns.assign(int(CanvasLayer::Count), {});
    m_adjacencyStart.assign(1, 0);
}

int CanvasLayout::addNode(CanvasLayer layer, ItemRef ref, const QString &key, const QString &label,
                          const QString &detail, qreal y, const PositionLookup &userPosition) {
    CanvasNode node;
    node.layer = layer;
    node.ref = ref;
    node.key = key;
    node.label = label;
    node.detail = detail;
    node.rect = QRectF(columnX(layer), y, columnWidth, nodeHeight);
    if (userPosition) {
        if (const auto moved = userPosition(key)) {
            node.rect.moveTopLeft(*moved);
            node.pinned = true;
        }
    }
    int index;
    if (!m_freeNodes.empty()) {
        index = m_freeNodes.back();
        m_freeNodes.pop_back();
        m_nodes[std::size_t(index)] = std::move(node);
    } else {
        m_nodes.push_back(std::move(node));
        index = int(m_nodes.size()) - 1;
    }
    m_touched.push_back(index);
    m_structureChanged = true;
    return index;
}

void CanvasLayout::freeNode(int node) {
    m_nodes[std::size_t(node)] = CanvasNode{};
    m_nodes[std::size_t(node)].layer = CanvasLayer::Count;
    m_freeNodes.push_back(node);
    m_touched.push_back(node);
    m_structureChanged = true;
}

int CanvasLayout::addEdge(int from, int to, bool fallback) {
    if (!m_freeEdges.empty()) {
        const int index = m_freeEdges.back();
        m_freeEdges.pop_back();
        m_edges[std::size_t(index)] = {from, to, fallback, 1.0, {}};
        return index;
    }
    m_edges.push_back({from, to, fallback, 1.0, {}});
    return int(m_edges.size()) - 1;
}

void CanvasLayout::freeEdge(int edge) {
    m_edges[std::size_t(edge)] = {};
    m_freeEdges.push_back(edge);
}

void CanvasLayout::clear() {
    m_nodes.clear();
    m_edges.clear();
    m_freeNodes.clear();
    m_freeEdges.clear();
    m_listeners.clear();
    m_listenerEdges.clear();
    m_listenerByName.clear();
    m_hosts.clear();
    m_services.clear();
    m_serviceByName.clear();
    m_defaultService = -1;
    m_defaultEdges.clear();
    m_placeHostsFrom = -1;
    m_placeHostRows.clear();
    m_touched.clear();
}

void CanvasLayout::compute(const Topology &t, const PositionLookup &userPosition) {
    clear();
    // Sized up front: 10,000 hosts make some 40,000 nodes.
    qsizetype routes = 0;
    for (const VirtualHost &host : t.hosts)
        routes += host.routes.size();
    const std::size_t expected =
        std::size_t(1 + t.listeners.size() + t.hosts.size() + routes + 3 * t.services.size());
    m_nodes.reserve(expected);
    m_edges.reserve(expected + std::size_t(t.hosts.size()));

    m_client = addNode(CanvasLayer::Clients, {}, QStringLiteral("clients"), QObject::tr("Clients"),
                       QObject::tr("the internet"), 0, userPosition);
    for (int i = 0; i < t.listeners.size(); ++i) {
        const Listener &l = t.listeners.at(i);
        const int n = addNode(CanvasLayer::Listeners, ItemRef::listener(i),
                              canvasKey(ItemKind::Listener, l.name), l.name,
                              QStringLiteral("%1 %2").arg(toString(l.protocol), l.bind), i * pitch,
                              userPosition);
        m_listeners.push_back(n);
        m_listenerByName.insert(l.name, n);
        m_listenerEdges.push_back(addEdge(m_client, n));
    }
    // Services first, so that routes can connect to them; they are placed in settle().
    makeServices(t, userPosition);
    m_hosts.resize(std::size_t(t.hosts.size()));
    for (int h = 0; h < t.hosts.size(); ++h)
        makeHost(t, h, m_hosts[std::size_t(h)], userPosition);
    m_placeHostsFrom = 0;
    settle();
    m_touched.clear(); // everything is new: the canvas drops all its items anyway
}

void CanvasLayout::makeHost(const Topology &t, int row, HostBlock &block,
                            const PositionLookup &userPosition) {
    const VirtualHost &host = t.hosts.at(row);
    block.node =
        addNode(CanvasLayer::Hosts, ItemRef::virtualHost(row), canvasKey(ItemKind::Host, host.host),
                host.host, host.tls.isEmpty() ? m_texts.http : m_texts.tlsWith.arg(host.tls), 0,
                userPosition);
    if (!host.policy.isEmpty())
        m_nodes[std::size_t(block.node)].policy = policytext::lines(host.policy);
    if (host.listeners.isEmpty()) {
        for (auto it = m_listenerByName.cbegin(); it != m_listenerByName.cend(); ++it)
            block.edges.push_back(addEdge(it.value(), block.node));
    } else {
        for (const QString &name : host.listeners) {
            const int listener = m_listenerByName.value(name, -1);
            if (listener >= 0)
                block.edges.push_back(addEdge(listener, block.node));
        }
    }
    for (int r = 0; r < host.routes.size(); ++r) {
        const Route &route = host.routes.at(r);
        const RouteMatchRule &match = route.firstMatch();
        // A route with several matches is drawn once, named by its first.
        const QString label =
            route.matches.size() > 1
                ? QStringLiteral("%1 (+%2)").arg(match.path).arg(route.matches.size() - 1)
                : match.path;
        const int routeNode =
            addNode(CanvasLayer::Routes, ItemRef::route(row, r),
                    canvasKey(ItemKind::Route, canvaskey::routeName(host.host, match.path)), label,
                    route.redirect ? m_texts.redirectOf.arg(toString(match.pathType))
                                   : toString(match.pathType),
                    0, userPosition);
        if (!host.policy.isEmpty() || !route.policy.isEmpty())
            m_nodes[std::size_t(routeNode)].policy = policytext::lines(route.policy, &host.policy);
        block.routes.push_back(routeNode);
        block.edges.push_back(addEdge(block.node, routeNode));
    }
    connectRoutes(t, row, block);
}

void CanvasLayout::connectRoutes(const Topology &t, int row, HostBlock &block) {
    for (int edge : block.serviceEdges)
        freeEdge(edge);
    const QList<Route> &routes = t.hosts.at(row).routes;
    block.serviceEdges.clear();
    block.routeServices.assign(block.routes.size(), -1);
    for (std::size_t r = 0; r < block.routes.size(); ++r) {
        const Route &route = routes.at(qsizetype(r));
        if (route.backends.isEmpty()) {
            const int s = route.service.isEmpty() ? -1 : m_serviceByName.value(route.service, -1);
            block.routeServices[r] = s;
            if (s >= 0)
                block.serviceEdges.push_back(
                    addEdge(block.routes[r], m_services[std::size_t(s)].node));
            continue;
        }
        // A split: an edge to each backend, labelled with its share of the route's requests.
        qint64 total = 0;
        for (const RouteBackend &backend : route.backends)
            total += std::max(0, backend.weight);
        for (const RouteBackend &backend : route.backends) {
            const int s = m_serviceByName.value(backend.service, -1);
            if (s < 0)
                continue;
            if (block.routeServices[r] < 0 && backend.weight > 0)
                block.routeServices[r] = s;
            const int edge = addEdge(block.routes[r], m_services[std::size_t(s)].node);
            const double share =
                total > 0 ? double(std::max(0, backend.weight)) / double(total) : 0;
            m_edges[std::size_t(edge)].share = share;
            m_edges[std::size_t(edge)].label = QStringLiteral("%1%").arg(share * 100, 0, 'g', 3);
            block.serviceEdges.push_back(edge);
        }
    }
    m_structureChanged = true;
}

void CanvasLayout::dropHost(HostBlock &block) {
    for (int edge : block.edges)
        freeEdge(edge);
    for (int edge : block.serviceEdges)
        freeEdge(edge);
    for (int node : block.routes)
        freeNode(node);
    if (block.node >= 0)
        freeNode(block.node);
    block = HostBlock{};
}

void CanvasLayout::makeServices(const Topology &t, const PositionLookup &userPosition) {
    for (ServiceBlock &block : m_services) {
        for (int edge : block.edges)
            freeEdge(edge);
        for (int node : block.endpoints)
            freeNode(node);
        freeNode(block.node);
    }
    m_services.assign(std::size_t(t.services.size()), {});
    m_serviceByName.clear();
    for (int s = 0; s < t.services.size(); ++s) {
        const Service &service = t.services.at(s);
        ServiceBlock &block = m_services[std::size_t(s)];
        QString detail = QStringLiteral("%1 :%2").arg(toString(service.type)).arg(service.port);
        if (service.stickySession)
            detail += QObject::tr(", sticky");
        block.node = addNode(CanvasLayer::Services, ItemRef::service(s),
                             canvasKey(ItemKind::Service, service.name), service.name, detail, 0,
                             userPosition);
        if (const auto &sticky = service.stickySession)
            m_nodes[std::size_t(block.node)].notes
                << QObject::tr("Sticky sessions: cookie %1, %2")
                       .arg(sticky->cookie, sticky->ttl ? formatDuration(*sticky->ttl)
                                                        : QObject::tr("until the browser closes"));
        for (const Endpoint &endpoint : service.endpoints) {
            const int n =
                addNode(CanvasLayer::Endpoints, ItemRef::service(s),
                        QStringLiteral("endpoint:%1/%2").arg(service.name, endpoint.address),
                        endpoint.address,
                        endpoint.weight == 1 ? QString() : m_texts.weightOf.arg(endpoint.weight), 0,
                        userPosition);
            block.endpoints.push_back(n);
            block.edges.push_back(addEdge(block.node, n));
        }
        m_serviceByName.insert(service.name, s);
    }
    connectDefault(t);
}

void CanvasLayout::connectDefault(const Topology &t) {
    for (int edge : m_defaultEdges)
        freeEdge(edge);
    m_defaultEdges.clear();
    if (m_defaultService >= 0 && m_nodes[std::size_t(m_defaultService)].isAlive())
        m_nodes[std::size_t(m_defaultService)].isDefaultService = false;
    const int s = t.defaultService.isEmpty() ? -1 : m_serviceByName.value(t.defaultService, -1);
    m_defaultService = s >= 0 ? m_services[std::size_t(s)].node : -1;
    if (m_defaultService < 0)
        return;
    m_nodes[std::size_t(m_defaultService)].isDefaultService = true;
    for (int listener : m_listeners)
        m_defaultEdges.push_back(addEdge(listener, m_defaultService, true));
    m_structureChanged = true;
}

void CanvasLayout::defaultServiceChanged(const Topology &t) {
    // Both services are drawn again: the marker leaves one and appears on the other.
    if (m_defaultService >= 0)
        m_touched.push_back(m_defaultService);
    connectDefault(t);
    if (m_defaultService >= 0)
        m_touched.push_back(m_defaultService);
    m_structureChanged = true;
}

void CanvasLayout::hostInserted(const Topology &t, int row, const PositionLookup &userPosition) {
    m_hosts.insert(m_hosts.begin() + row, HostBlock{});
    makeHost(t, row, m_hosts[std::size_t(row)], userPosition);
    // Everything below moves down and is renumbered.
    m_placeHostsFrom = m_placeHostsFrom < 0 ? row : std::min(m_placeHostsFrom, row);
}

void CanvasLayout::hostRemoved(int row) {
    dropHost(m_hosts[std::size_t(row)]);
    m_hosts.erase(m_hosts.begin() + row);
    m_placeHostsFrom = m_placeHostsFrom < 0 ? row : std::min(m_placeHostsFrom, row);
}

void CanvasLayout::hostChanged(const Topology &t, int row, const PositionLookup &userPosition) {
    HostBlock &block = m_hosts[std::size_t(row)];
    const std::size_t routesBefore = block.routes.size();
    dropHost(block);
    makeHost(t, row, block, userPosition);
    // Only a different number of routes moves the hosts below.
    if (block.routes.size() != routesBefore)
        m_placeHostsFrom = m_placeHostsFrom < 0 ? row : std::min(m_placeHostsFrom, row);
    else
        m_placeHostRows.push_back(row);
}

void CanvasLayout::servicesChanged(const Topology &t, const PositionLookup &userPosition) {
    makeServices(t, userPosition);
    // Service rows and names may have changed: every route finds its service again (numbers,
    // no new nodes for routes).
    for (int h = 0; h < int(m_hosts.size()); ++h)
        connectRoutes(t, h, m_hosts[std::size_t(h)]);
}

bool CanvasLayout::isSettled() const {
    return m_placeHostsFrom < 0 && m_placeHostRows.empty() && !m_structureChanged;
}

std::vector<int> CanvasLayout::takeTouchedNodes() {
    return std::exchange(m_touched, {});
}

void CanvasLayout::settle() {
    if (isSettled())
        return;
    if (m_placeHostsFrom >= 0)
        placeHosts(m_placeHostsFrom, int(m_hosts.size()));
    for (int row : m_placeHostRows)
        if (row < int(m_hosts.size()) && (m_placeHostsFrom < 0 || row < m_placeHostsFrom))
            placeHosts(row, row + 1);
    m_placeHostsFrom = -1;
    m_placeHostRows.clear();
    placeServices();
    buildColumns();
    buildAdjacency();
    m_structureChanged = false;
}

void CanvasLayout::setAutoY(int node, qreal y) {
    CanvasNode &n = m_nodes[std::size_t(node)];
    if (!n.pinned)
        n.rect.moveTop(y);
}

void CanvasLayout::placeHosts(int from, int to) {
    qreal y = 0;
    if (from > 0) {
        const HostBlock &previous = m_hosts[std::size_t(from - 1)];
        y = previous.top + blockHeight(previous.routes.size());
    }
    for (int h = from; h < to; ++h) {
        HostBlock &block = m_hosts[std::size_t(h)];
        block.top = y;
        const std::size_t routes = block.routes.size();
        setAutoY(block.node, y + qreal(std::max<std::size_t>(1, routes) - 1) * pitch / 2);
        m_nodes[std::size_t(block.node)].ref = ItemRef::virtualHost(h);
        for (std::size_t r = 0; r < routes; ++r) {
            setAutoY(block.routes[r], y + qreal(r) * pitch);
            m_nodes[std::size_t(block.routes[r])].ref = ItemRef::route(h, int(r));
        }
        y += blockHeight(routes);
    }
}

void CanvasLayout::placeServices() {
    // Each service at the mean height of the routes that use it, pushed apart so that none
    // overlap; unused ones below everything.
    std::vector<qreal> sum(m_services.size(), 0);
    std::vector<int> count(m_services.size(), 0);
    qreal end = 0;
    for (const HostBlock &block : m_hosts) {
        for (std::size_t r = 0; r < block.routes.size(); ++r) {
            const int s = block.routeServices[r];
            if (s >= 0) {
                sum[std::size_t(s)] += block.top + qreal(r) * pitch;
                ++count[std::size_t(s)];
            }
        }
        end = block.top + blockHeight(block.routes.size());
    }
    struct Placed {
        int service;
        qreal y;
    };
    std::vector<Placed> order;
    order.reserve(m_services.size());
    for (std::size_t s = 0; s < m_services.size(); ++s)
        order.push_back({int(s), count[s] ? sum[s] / count[s] : end + qreal(s) * pitch});
    std::stable_sort(order.begin(), order.end(),
                     [](const Placed &a, const Placed &b) { return a.y < b.y; });
    qreal nextFree = 0;
    for (const Placed &p : order) {
        const ServiceBlock &block = m_services[std::size_t(p.service)];
        const qreal y = std::max(p.y, nextFree);
        setAutoY(block.node, y);
        for (std::size_t e = 0; e < block.endpoints.size(); ++e)
            setAutoY(block.endpoints[e], y + qreal(e) * pitch);
        nextFree = y + qreal(std::max<std::size_t>(1, block.endpoints.size())) * pitch;
    }
}

} // namespace ingress::ui
