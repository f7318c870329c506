#pragma once

#include "model/topology/itemref.h"

#include <functional>
#include <optional>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <span>
#include <vector>

namespace ingress {
struct Topology;
}

namespace ingress::ui {

// What the canvas draws in each column, left to right. `Count` also marks a free node slot.
enum class CanvasLayer { Clients, Listeners, Hosts, Routes, Services, Endpoints, Count };

struct CanvasNode {
    CanvasLayer layer = CanvasLayer::Clients;
    ItemRef ref; // the document item (an endpoint points at its service)
    QString key; // canvasKey(): what a user-chosen position is stored under
    QString label;
    QString detail;
    QRectF rect;
    bool pinned = false; // placed by the user (Topology::canvasPositions), not by the layout
    bool isDefaultService = false; // the topology's defaultService
    // Hosts and routes: the policy that applies, one line per part (a route's says which come
    // from its host); empty: none. Shown as a badge with these lines in its tooltip.
    QStringList policy;
    // Further lines of the tooltip (a service's sticky sessions).
    QStringList notes;
    bool isAlive() const { return layer != CanvasLayer::Count; }
};

struct CanvasEdge {
    int from = -1; // -1: a free edge slot
    int to = -1;
    // Listener -> the default service: where requests no host or route matches go.
    bool fallback = false;
    // Route -> one backend of a traffic split: its share of the route's requests by weight,
    // drawn as a label ("90%") and used to estimate the edge's traffic. 1 and no label else.
    double share = 1.0;
    QString label;
};

// The automatic layered layout: routes stacked in host order, each host centred on its routes,
// services at the mean height of the routes that use them, endpoints beside their service.
//
// compute() lays out a whole topology; after that an edit re-makes only what it changed
// (hostInserted / hostRemoved / hostChanged: that host and its routes; servicesChanged: the
// services column) and settle() then places what moved: the hosts and routes below a host
// whose route count changed shift, the services follow their routes. Node and edge numbers are
// stable across edits (freed slots are reused), so the canvas keeps the graphics items of
// everything an edit did not touch; touchedNodes() says which numbers were re-made.
// `nodesIn` answers by binary search per column.
class CanvasLayout {
public:
    static constexpr qreal columnWidth = 165;
    static constexpr qreal columnGap = 36;
    static constexpr qreal nodeHeight = 38;
    static constexpr qreal rowGap = 10;

    static qreal columnX(CanvasLayer layer) { return int(layer) * (columnWidth + columnGap); }

    using PositionLookup = std::function<std::optional<QPointF>(const QString &key)>;

    CanvasLayout();

    void compute(const Topology &topology, const PositionLookup &userPosition = {});

    // Incremental edits, each right after the document changed; then settle().
    void hostInserted(const Topology &topology, int row, const PositionLookup &userPosition = {});
    void hostRemoved(int row);
    // The host or any of its routes changed (inserted, removed, replaced).
    void hostChanged(const Topology &topology, int row, const PositionLookup &userPosition = {});
    void servicesChanged(const Topology &topology, const PositionLookup &userPosition = {});
    // Topology::defaultService changed: the marker and the fallback edges move.
    void defaultServiceChanged(const Topology &topology);
    int defaultServiceNode() const { return m_defaultService; }
    // Places what the edits since the last settle() moved; cheap when nothing is pending.
    void settle();
    bool isSettled() const;
    // Node numbers re-made (new content, or freed) since the last call.
    std::vector<int> takeTouchedNodes();

    const std::vector<CanvasNode> &nodes() const { return m_nodes; }
    const std::vector<CanvasEdge> &edges() const { return m_edges; }
    std::span<const int> edgesOf(int node) const {
        return std::span<const int>(m_adjacency)
            .subspan(m_adjacencyStart.at(std::size_t(node)),
                     m_adjacencyStart.at(std::size_t(node) + 1) -
                         m_adjacencyStart.at(std::size_t(node)));
    }
    QRectF bounds() const { return m_bounds; }
    int nodeFor(ItemRef ref) const;
    // Nodes whose rectangle intersects `area`, in no particular order.
    std::vector<int> nodesIn(const QRectF &area) const;
    void moveNode(int node, const QPointF &topLeft);
    // A number, not text: cheap to hash per node.
    static quint64 refKey(ItemRef ref) {
        return quint64(ref.kind) << 61 | quint64(quint32(ref.host + 1) & 0x1fffffff) << 32 |
               quint32(ref.row);
    }

private:
    struct HostBlock {
        int node = -1;
        std::vector<int> routes;
        std::vector<int> edges;        // listeners -> host, host -> routes
        std::vector<int> serviceEdges; // routes -> their services (several for a split)
        // The service row each route is placed by (a split's first weighted backend), -1: none
        std::vector<int> routeServices;
        qreal top = 0;
    };
    struct ServiceBlock {
        int node = -1;
        std::vector<int> endpoints;
        std::vector<int> edges; // service -> endpoints
    };
    // Translated once, not once per node.
    struct Texts {
        QString http, tlsWith, redirectOf, weightOf;
    };

    int addNode(CanvasLayer layer, ItemRef ref, const QString &key, const QString &label,
                const QString &detail, qreal y, const PositionLookup &userPosition);
    void freeNode(int node);
    int addEdge(int from, int to, bool fallback = false);
    void freeEdge(int edge);
    void clear();
    void makeHost(const Topology &t, int row, HostBlock &block, const PositionLookup &userPosition);
    void dropHost(HostBlock &block);
    void connectRoutes(const Topology &t, int row, HostBlock &block);
    void makeServices(const Topology &t, const PositionLookup &userPosition);
    void connectDefault(const Topology &t);
    void placeHosts(int from, int to);
    void placeServices();
    void setAutoY(int node, qreal y);
    void buildColumns();
    void buildAdjacency();

    Texts m_texts;
    std::vector<CanvasNode> m_nodes;
    std::vector<CanvasEdge> m_edges;
    std::vector<int> m_freeNodes;
    std::vector<int> m_freeEdges;
    int m_client = -1;
    std::vector<int> m_listeners;
    std::vector<int> m_listenerEdges;
    QHash<QString, int> m_listenerByName;
    std::vector<HostBlock> m_hosts;       // parallel to Topology::hosts
    std::vector<ServiceBlock> m_services; // parallel to Topology::services
    QHash<QString, int> m_serviceByName;
    int m_defaultService = -1;       // its node
    std::vector<int> m_defaultEdges; // listeners -> it
    // Pending work for settle(): hosts from this row on move (renumbered refs, new tops).
    int m_placeHostsFrom = -1;
    std::vector<int> m_placeHostRows; // single hosts whose own block changed in place
    bool m_structureChanged = false;  // columns, adjacency, bounds
    std::vector<int> m_touched;
    // Edges of node n: m_adjacency[m_adjacencyStart[n] .. m_adjacencyStart[n + 1]), built in
    // one pass after the edges (two allocations, not one per node).
    std::vector<std::size_t> m_adjacencyStart;
    std::vector<int> m_adjacency;
    // Per column, node indices sorted by top; nodes the user moved are kept apart.
    std::vector<std::vector<int>> m_columns;
    std::vector<int> m_free;
    QRectF m_bounds;
};

} // namespace ingress::ui
