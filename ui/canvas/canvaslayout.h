#pragma once

#include "itemref.h"

#include <functional>
#include <optional>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <span>
#include <vector>

namespace ingress {
struct Topology;
}

namespace ingress::ui {

// What the canvas draws in each column, left to right.
enum class CanvasLayer { Clients, Listeners, Hosts, Routes, Services, Endpoints, Count };

struct CanvasNode {
    CanvasLayer layer = CanvasLayer::Clients;
    ItemRef ref; // the document item (an endpoint points at its service)
    QString key; // canvasKey(): what a user-chosen position is stored under
    QString label;
    QString detail;
    QRectF rect;
};

struct CanvasEdge {
    int from = -1;
    int to = -1;
};

// The automatic layered layout: routes stacked in host order, each host centred on its routes,
// services at the mean height of the routes that use them, endpoints beside their service.
// Pure and O(nodes): recomputed in milliseconds for 10,000 hosts, while graphics items are only
// made for what is on screen (TopologyCanvas). `nodesIn` answers by binary search per column.
class CanvasLayout {
public:
    static constexpr qreal columnWidth = 165;
    static constexpr qreal columnGap = 36;
    static constexpr qreal nodeHeight = 38;
    static constexpr qreal rowGap = 10;

    using PositionLookup = std::function<std::optional<QPointF>(const QString &key)>;

    void compute(const Topology &topology, const PositionLookup &userPosition = {});

    const std::vector<CanvasNode> &nodes() const { return m_nodes; }
    const std::vector<CanvasEdge> &edges() const { return m_edges; }
    std::span<const int> edgesOf(int node) const {
        return std::span<const int>(m_adjacency)
            .subspan(m_adjacencyStart.at(std::size_t(node)),
                     m_adjacencyStart.at(std::size_t(node) + 1) -
                         m_adjacencyStart.at(std::size_t(node)));
    }
    QRectF bounds() const { return m_bounds; }
    int nodeFor(ItemRef ref) const { return m_byRef.value(refKey(ref), -1); }
    // Nodes whose rectangle intersects `area`, in no particular order.
    std::vector<int> nodesIn(const QRectF &area) const;
    void moveNode(int node, const QPointF &topLeft);
    // A number, not text: compute() makes one per node, 40,000 for 10,000 hosts, on every edit.
    static quint64 refKey(ItemRef ref) {
        return quint64(ref.kind) << 61 | quint64(quint32(ref.host + 1) & 0x1fffffff) << 32 |
               quint32(ref.row);
    }

private:
    int addNode(CanvasLayer layer, ItemRef ref, const QString &key, const QString &label,
                const QString &detail, qreal y);
    void addEdge(int from, int to);
    void index(const PositionLookup &userPosition);
    void buildAdjacency();

    std::vector<CanvasNode> m_nodes;
    std::vector<CanvasEdge> m_edges;
    // Edges of node n: m_adjacency[m_adjacencyStart[n] .. m_adjacencyStart[n + 1]), built in
    // one pass after the edges (two allocations, not one per node).
    std::vector<std::size_t> m_adjacencyStart;
    std::vector<int> m_adjacency;
    // Per column, node indices sorted by top; nodes the user moved are kept apart.
    std::vector<std::vector<int>> m_columns;
    std::vector<int> m_free;
    QHash<quint64, int> m_byRef;
    QRectF m_bounds;
};

} // namespace ingress::ui
