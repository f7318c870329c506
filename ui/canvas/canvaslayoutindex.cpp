#include "ui/canvas/canvaslayout.h"

#include <algorithm>

// The layout's look-up structures (columns sorted by height, adjacency) and the queries that use
// them, apart from the layout rules in canvaslayout.cpp.

namespace ingress::ui {

void CanvasLayout::buildColumns() {
    for (auto &column : m_columns)
        column.clear();
    m_free.clear();
    m_bounds = QRectF();
    const auto add = [this](int node) {
        const CanvasNode &n = m_nodes[std::size_t(node)];
        (n.pinned ? m_free : m_columns[int(n.layer)]).push_back(node);
        m_bounds |= n.rect;
    };
    // In structural order, which is top-to-bottom order for all but the services.
    if (m_client >= 0)
        add(m_client);
    for (int node : m_listeners)
        add(node);
    for (const HostBlock &block : m_hosts)
        add(block.node);
    for (const HostBlock &block : m_hosts)
        for (int node : block.routes)
            add(node);
    for (const ServiceBlock &block : m_services) {
        add(block.node);
        for (int node : block.endpoints)
            add(node);
    }
    for (CanvasLayer layer : {CanvasLayer::Services, CanvasLayer::Endpoints}) {
        auto &column = m_columns[int(layer)];
        std::stable_sort(column.begin(), column.end(), [this](int a, int b) {
            return m_nodes[std::size_t(a)].rect.top() < m_nodes[std::size_t(b)].rect.top();
        });
    }
}

void CanvasLayout::buildAdjacency() {
    m_adjacencyStart.assign(m_nodes.size() + 1, 0);
    for (const CanvasEdge &e : m_edges) {
        if (e.from < 0)
            continue;
        ++m_adjacencyStart[std::size_t(e.from) + 1];
        ++m_adjacencyStart[std::size_t(e.to) + 1];
    }
    for (std::size_t n = 1; n < m_adjacencyStart.size(); ++n)
        m_adjacencyStart[n] += m_adjacencyStart[n - 1];
    m_adjacency.assign(m_adjacencyStart.back(), 0);
    std::vector<std::size_t> next(m_adjacencyStart.begin(), m_adjacencyStart.end() - 1);
    for (int edge = 0; edge < int(m_edges.size()); ++edge) {
        const CanvasEdge &e = m_edges[std::size_t(edge)];
        if (e.from < 0)
            continue;
        m_adjacency[next[std::size_t(e.from)]++] = edge;
        m_adjacency[next[std::size_t(e.to)]++] = edge;
    }
}

int CanvasLayout::nodeFor(ItemRef ref) const {
    const auto at = [](const std::vector<int> &nodes, int row) {
        return row >= 0 && row < int(nodes.size()) ? nodes[std::size_t(row)] : -1;
    };
    const auto inRange = [](const auto &list, int row) {
        return row >= 0 && row < int(list.size());
    };
    switch (ref.kind) {
    case ItemKind::Listener:
        return at(m_listeners, ref.row);
    case ItemKind::Host:
        return inRange(m_hosts, ref.row) ? m_hosts[std::size_t(ref.row)].node : -1;
    case ItemKind::Route:
        return inRange(m_hosts, ref.host) ? at(m_hosts[std::size_t(ref.host)].routes, ref.row) : -1;
    case ItemKind::Service:
        return inRange(m_services, ref.row) ? m_services[std::size_t(ref.row)].node : -1;
    case ItemKind::Certificate:
    case ItemKind::None:
        break;
    }
    return -1;
}

void CanvasLayout::moveNode(int node, const QPointF &topLeft) {
    CanvasNode &n = m_nodes[std::size_t(node)];
    n.rect.moveTopLeft(topLeft);
    auto &column = m_columns[int(n.layer)];
    column.erase(std::remove(column.begin(), column.end(), node), column.end());
    if (!n.pinned)
        m_free.push_back(node);
    n.pinned = true;
    m_bounds |= n.rect;
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
