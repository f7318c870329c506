#include "canvaslayout.h"

#include "enums.h"
#include "topology.h"
#include "topologydocument.h"

#include <algorithm>

namespace ingress::ui {

namespace {
qreal columnX(CanvasLayer layer) {
    return int(layer) * (CanvasLayout::columnWidth + CanvasLayout::columnGap);
}
constexpr qreal pitch = CanvasLayout::nodeHeight + CanvasLayout::rowGap;
} // namespace

int CanvasLayout::addNode(CanvasLayer layer, ItemRef ref, const QString &key, const QString &label,
                          const QString &detail, qreal y) {
    CanvasNode node;
    node.layer = layer;
    node.ref = ref;
    node.key = key;
    node.label = label;
    node.detail = detail;
    node.rect = QRectF(columnX(layer), y, columnWidth, nodeHeight);
    m_nodes.push_back(node);
    const int index = int(m_nodes.size()) - 1;
    if (ref.isValid() && layer != CanvasLayer::Endpoints)
        m_byRef.insert(refKey(ref), index);
    return index;
}

void CanvasLayout::addEdge(int from, int to) {
    m_edges.push_back({from, to});
}

void CanvasLayout::buildAdjacency() {
    m_adjacencyStart.assign(m_nodes.size() + 1, 0);
    for (const CanvasEdge &e : m_edges) {
        ++m_adjacencyStart[std::size_t(e.from) + 1];
        ++m_adjacencyStart[std::size_t(e.to) + 1];
    }
    for (std::size_t n = 1; n < m_adjacencyStart.size(); ++n)
        m_adjacencyStart[n] += m_adjacencyStart[n - 1];
    m_adjacency.assign(m_adjacencyStart.back(), 0);
    std::vector<std::size_t> next(m_adjacencyStart.begin(), m_adjacencyStart.end() - 1);
    for (int edge = 0; edge < int(m_edges.size()); ++edge) {
        m_adjacency[next[std::size_t(m_edges[std::size_t(edge)].from)]++] = edge;
        m_adjacency[next[std::size_t(m_edges[std::size_t(edge)].to)]++] = edge;
    }
}

void CanvasLayout::compute(const Topology &t, const PositionLookup &userPosition) {
    m_nodes.clear();
    m_edges.clear();
    m_byRef.clear();
    // Sized up front: 10,000 hosts make some 40,000 nodes on every edit.
    qsizetype routes = 0;
    for (const VirtualHost &host : t.hosts)
        routes += host.routes.size();
    const std::size_t expected =
        std::size_t(1 + t.listeners.size() + t.hosts.size() + routes + 3 * t.services.size());
    m_nodes.reserve(expected);
    m_edges.reserve(expected + std::size_t(t.hosts.size()));
    m_byRef.reserve(qsizetype(expected));

    const int client = addNode(CanvasLayer::Clients, {}, QStringLiteral("clients"),
                               QObject::tr("Clients"), QObject::tr("the internet"), 0);
    QHash<QString, int> listenerNode;
    for (int i = 0; i < t.listeners.size(); ++i) {
        const Listener &l = t.listeners.at(i);
        const int n = addNode(CanvasLayer::Listeners, ItemRef::listener(i),
                              canvasKey(ItemKind::Listener, l.name), l.name,
                              QStringLiteral("%1 %2").arg(toString(l.protocol), l.bind), i * pitch);
        listenerNode.insert(l.name, n);
        addEdge(client, n);
    }

    // Translated once, not once per node.
    const QString http = QObject::tr("HTTP");
    const QString tlsWith = QObject::tr("TLS %1");
    const QString redirectOf = QObject::tr("%1, redirect");
    const QString weightOf = QObject::tr("weight %1");

    // Routes first: they fix the vertical order everything else follows.
    QHash<QString, QList<qreal>> serviceRouteYs;
    QList<QPair<int, QString>> routeToService;
    qreal y = 0;
    for (int h = 0; h < t.hosts.size(); ++h) {
        const VirtualHost &host = t.hosts.at(h);
        const qreal top = y;
        const int routeCount = std::max<int>(1, int(host.routes.size()));
        const qreal hostY = top + (routeCount - 1) * pitch / 2;
        const int hostNode = addNode(CanvasLayer::Hosts, ItemRef::virtualHost(h),
                                     canvasKey(ItemKind::Host, host.host), host.host,
                                     host.tls.isEmpty() ? http : tlsWith.arg(host.tls), hostY);
        if (host.listeners.isEmpty()) {
            for (auto it = listenerNode.cbegin(); it != listenerNode.cend(); ++it)
                addEdge(it.value(), hostNode);
        } else {
            for (const QString &name : host.listeners)
                if (listenerNode.contains(name))
                    addEdge(listenerNode.value(name), hostNode);
        }
        for (int r = 0; r < host.routes.size(); ++r) {
            const Route &route = host.routes.at(r);
            const int routeNode = addNode(
                CanvasLayer::Routes, ItemRef::route(h, r),
                canvasKey(ItemKind::Route, canvaskey::routeName(host.host, route.path)), route.path,
                route.redirect ? redirectOf.arg(toString(route.pathType))
                               : toString(route.pathType),
                y);
            addEdge(hostNode, routeNode);
            if (!route.service.isEmpty()) {
                serviceRouteYs[route.service].append(y);
                routeToService.append({routeNode, route.service});
            }
            y += pitch;
        }
        y = top + routeCount * pitch + rowGap;
    }

    // Services at the mean height of their routes, pushed apart so that none overlap.
    struct Placed {
        int service;
        qreal y;
    };
    std::vector<Placed> order;
    for (int s = 0; s < t.services.size(); ++s) {
        const QList<qreal> ys = serviceRouteYs.value(t.services.at(s).name);
        qreal mean = ys.isEmpty() ? y + s * pitch : 0;
        for (qreal v : ys)
            mean += v / ys.size();
        order.push_back({s, mean});
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const Placed &a, const Placed &b) { return a.y < b.y; });
    qreal nextFree = 0;
    QHash<QString, int> serviceNode;
    for (Placed &p : order) {
        const Service &service = t.services.at(p.service);
        p.y = std::max(p.y, nextFree);
        const int n =
            addNode(CanvasLayer::Services, ItemRef::service(p.service),
                    canvasKey(ItemKind::Service, service.name), service.name,
                    QStringLiteral("%1 :%2").arg(toString(service.type)).arg(service.port), p.y);
        serviceNode.insert(service.name, n);
        for (int e = 0; e < service.endpoints.size(); ++e) {
            const Endpoint &endpoint = service.endpoints.at(e);
            const int en = addNode(
                CanvasLayer::Endpoints, ItemRef::service(p.service),
                QStringLiteral("endpoint:%1/%2").arg(service.name, endpoint.address),
                endpoint.address, endpoint.weight == 1 ? QString() : weightOf.arg(endpoint.weight),
                p.y + e * pitch);
            addEdge(n, en);
        }
        nextFree = p.y + std::max<qsizetype>(1, service.endpoints.size()) * pitch;
    }
    for (const auto &[routeNode, service] : std::as_const(routeToService))
        if (serviceNode.contains(service))
            addEdge(routeNode, serviceNode.value(service));

    buildAdjacency();
    index(userPosition);
}

void CanvasLayout::index(const PositionLookup &userPosition) {
    m_columns.assign(int(CanvasLayer::Count), {});
    m_free.clear();
    m_bounds = QRectF();
    for (int i = 0; i < int(m_nodes.size()); ++i) {
        CanvasNode &node = m_nodes[i];
        const auto moved = userPosition ? userPosition(node.key) : std::nullopt;
        if (moved) {
            node.rect.moveTopLeft(*moved);
            m_free.push_back(i);
        } else {
            m_columns[int(node.layer)].push_back(i); // already in increasing y per column...
        }
        m_bounds |= node.rect;
    }
    // ...except services, which were placed in y order but numbered in document order (and
    // their endpoints with them).
    for (CanvasLayer layer : {CanvasLayer::Services, CanvasLayer::Endpoints}) {
        auto &column = m_columns[int(layer)];
        std::stable_sort(column.begin(), column.end(), [this](int a, int b) {
            return m_nodes[a].rect.top() < m_nodes[b].rect.top();
        });
    }
}

void CanvasLayout::moveNode(int node, const QPointF &topLeft) {
    m_nodes[node].rect.moveTopLeft(topLeft);
    auto &column = m_columns[int(m_nodes[node].layer)];
    column.erase(std::remove(column.begin(), column.end(), node), column.end());
    if (std::find(m_free.begin(), m_free.end(), node) == m_free.end())
        m_free.push_back(node);
    m_bounds |= m_nodes[node].rect;
}

std::vector<int> CanvasLayout::nodesIn(const QRectF &area) const {
    std::vector<int> result;
    for (int layer = 0; layer < int(m_columns.size()); ++layer) {
        const qreal x = columnX(CanvasLayer(layer));
        if (x > area.right() || x + columnWidth < area.left())
            continue;
        const auto &column = m_columns[layer];
        auto it = std::lower_bound(
            column.begin(), column.end(), area.top() - nodeHeight,
            [this](int node, qreal top) { return m_nodes[node].rect.top() < top; });
        for (; it != column.end() && m_nodes[*it].rect.top() <= area.bottom(); ++it)
            if (m_nodes[*it].rect.intersects(area))
                result.push_back(*it);
    }
    for (int node : m_free)
        if (m_nodes[node].rect.intersects(area))
            result.push_back(node);
    return result;
}

} // namespace ingress::ui
