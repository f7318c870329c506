#pragma once

#include "model/topology/diagnostic.h"
#include "ui/canvas/canvaslayout.h"
#include "ui/canvas/canvastraffic.h"

#include <memory>
#include <optional>
#include <QGraphicsView>
#include <QHash>
#include <QTimer>

namespace ingress {
class TopologyDocument;
}

namespace ingress::ui {

class CanvasConnector;
class CanvasEdgeItem;
class CanvasNodeItem;
class CanvasOverviewItem;
class SelectionHub;

// The topology as a left-to-right graph: clients -> listeners -> hosts -> routes -> services
// -> endpoints. Redraws from the document's signals; only what is in view gets graphics items,
// and far out a single overview item stands for thousands of nodes. Dragging a node pushes
// MoveCanvasItemCommands (one undo step per drag); dragging a route's handle onto a service
// connects them (CanvasConnector). While the proxy serves, showTraffic() puts the request rates
// of the last poll on the nodes and edges that have items (CanvasTraffic), and items made later
// by scrolling get them too; nothing is laid out again.
class TopologyCanvas : public QGraphicsView {
    Q_OBJECT
public:
    // Above this many nodes in view, draw the overview instead of items.
    static constexpr int maxItemsInView = 1500;
    // A node with more edges draws only those to nodes in view (see materialize()).
    static constexpr std::size_t maxEdgesPerNode = 64;

    TopologyCanvas(TopologyDocument *document, SelectionHub *selection, QWidget *parent = nullptr);
    ~TopologyCanvas() override;

    const CanvasLayout &layout() const { return m_layout; }
    int itemCount() const { return int(m_nodeItems.size()); }
    bool isOverview() const;
    CanvasNodeItem *itemFor(ItemRef ref) const;

    // PNG (any QImageWriter format) or SVG by suffix.
    bool exportImage(const QString &path, QString *error = nullptr);

    CanvasNodeItem *nodeItem(int node) const { return m_nodeItems.value(node); }
    CanvasEdgeItem *edgeItem(int edge) const { return m_edgeItems.value(edge); }
    const CanvasTraffic &traffic() const { return m_traffic; }

    // Rates between two metrics samples (ProxyController::lastSample/previousSample).
    void showTraffic(CanvasTraffic::SnapshotPtr now, CanvasTraffic::SnapshotPtr before);
    // Not serving: nodes and edges look as they do when editing.
    void clearTraffic();
    const CanvasConnector &connector() const { return *m_connector; }

    // Called by the node items.
    void nodeClicked(int node);
    void nodeDragged(int node, const QPointF &topLeft);
    void dragFinished();
    void connectionStarted(int routeNode, const QPointF &scenePos);
    void connectionMoved(const QPointF &scenePos);
    void connectionDropped(const QPointF &scenePos);

Q_SIGNALS:
    // Hints and refusals for the status bar.
    void statusMessage(const QString &message);

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void fitAll();
    void relayoutNow();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void resizeEvent(QResizeEvent *event) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;

private:
    enum class Edit { Inserted, Removed, Changed };

    void scheduleRelayout();
    void applyEdit(ItemRef ref, Edit edit);
    void onRelayoutTimer();
    // After incremental edits: places what moved, drops the items of what changed.
    void syncNow();
    void applyProblems();
    CanvasLayout::PositionLookup positionLookup() const;
    void materialize(const QRectF &area, bool force = false);
    void materializeVisible();
    void clearItems();
    void updateEdges(int node);
    CanvasEdgeItem *makeEdge(int edge);
    void applyTraffic();
    void recomputeProblems();
    void showCurrent(ItemRef ref);
    void zoomBy(qreal factor);

    TopologyDocument *m_document;
    SelectionHub *m_selection;
    QGraphicsScene *m_scene;
    CanvasLayout m_layout;
    CanvasOverviewItem *m_overview;
    QHash<int, CanvasNodeItem *> m_nodeItems;
    QHash<int, CanvasEdgeItem *> m_edgeItems;
    QHash<quint64, Severity> m_problems; // CanvasLayout::refKey -> worst severity
    std::unique_ptr<CanvasConnector> m_connector;
    CanvasTraffic m_traffic;
    QTimer m_relayoutTimer;
    QTimer m_materializeTimer;
    int m_currentNode = -1;
    int m_dragNode = -1;
    int m_dragId = 0;
    bool m_fullRelayout = false; // the pending relayout redoes everything (not just edits)
    bool m_autoFit = true;       // until the user zooms: fit on every resize and relayout
};

} // namespace ingress::ui
