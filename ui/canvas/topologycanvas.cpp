#include "ui/canvas/topologycanvas.h"

#include "model/items/culpritlocator.h"
#include "model/items/movecanvasitemcommand.h"
#include "model/items/topologydocument.h"
#include "ui/canvas/canvasconnector.h"
#include "ui/canvas/canvasedgeitem.h"
#include "ui/canvas/canvasimagewriter.h"
#include "ui/canvas/canvasnodeitem.h"
#include "ui/canvas/canvasoverviewitem.h"
#include "ui/selectionhub.h"

#include <QPainter>
#include <QUndoStack>
#include <QWheelEvent>
#include <unordered_set>

namespace ingress::ui {

TopologyCanvas::TopologyCanvas(TopologyDocument *document, SelectionHub *selection, QWidget *parent)
    : QGraphicsView(parent), m_document(document), m_selection(selection),
      m_scene(new QGraphicsScene(this)), m_overview(new CanvasOverviewItem(&m_layout)),
      m_connector(std::make_unique<CanvasConnector>(this, document)) {
    setObjectName(QStringLiteral("topologyCanvas"));
    setScene(m_scene);
    m_scene->addItem(m_overview);
    m_overview->hide();
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(ScrollHandDrag);
    setTransformationAnchor(AnchorUnderMouse);
    setViewportUpdateMode(SmartViewportUpdate);
    setBackgroundBrush(palette().color(QPalette::AlternateBase));

    m_relayoutTimer.setSingleShot(true);
    m_relayoutTimer.setInterval(0);
    connect(&m_relayoutTimer, &QTimer::timeout, this, &TopologyCanvas::onRelayoutTimer);
    m_materializeTimer.setSingleShot(true);
    m_materializeTimer.setInterval(0);
    connect(&m_materializeTimer, &QTimer::timeout, this, &TopologyCanvas::materializeVisible);

    // Edits re-make only the host or services they touch (CanvasLayout); listeners are few and
    // every host may hang off one, so a listener edit lays out everything again.
    connect(document, &TopologyDocument::itemInserted, this,
            [this](ItemRef ref) { applyEdit(ref, Edit::Inserted); });
    connect(document, &TopologyDocument::itemRemoved, this,
            [this](ItemRef ref) { applyEdit(ref, Edit::Removed); });
    connect(document, &TopologyDocument::itemChanged, this,
            [this](ItemRef ref) { applyEdit(ref, Edit::Changed); });
    connect(document, &TopologyDocument::wasReset, this, [this] {
        m_autoFit = true;
        scheduleRelayout();
    });
    connect(document, &TopologyDocument::canvasPositionChanged, this, [this](const QString &key) {
        // While dragging, the item is already where the command puts it.
        if (m_dragNode >= 0 && m_layout.nodes()[m_dragNode].key == key)
            return;
        scheduleRelayout();
    });
    connect(document, &TopologyDocument::documentPropertiesChanged, this, [this] {
        const int node = m_layout.defaultServiceNode();
        const QString &name = m_document->topology().defaultService;
        if ((node < 0 ? QString() : m_layout.nodes()[std::size_t(node)].label) == name)
            return; // the name of the topology, or the same default
        m_layout.defaultServiceChanged(m_document->topology());
        m_relayoutTimer.start(); // syncNow(), or the full relayout already pending
    });
    connect(document, &TopologyDocument::diagnosticsChanged, this, [this] {
        recomputeProblems();
        applyProblems();
    });
    connect(selection, &SelectionHub::currentChanged, this, &TopologyCanvas::showCurrent);
    relayoutNow();
}

TopologyCanvas::~TopologyCanvas() = default;

bool TopologyCanvas::isOverview() const {
    return m_overview->isVisible();
}

CanvasNodeItem *TopologyCanvas::itemFor(ItemRef ref) const {
    return m_nodeItems.value(m_layout.nodeFor(ref));
}

void TopologyCanvas::scheduleRelayout() {
    m_fullRelayout = true;
    m_relayoutTimer.start();
}

CanvasLayout::PositionLookup TopologyCanvas::positionLookup() const {
    const TopologyDocument *document = m_document;
    // Nothing moved (the common case): no lookup per node.
    if (document->canvasPositions().isEmpty())
        return {};
    return [document](const QString &key) -> std::optional<QPointF> {
        if (document->hasCanvasPosition(key))
            return document->canvasPosition(key);
        return std::nullopt;
    };
}

void TopologyCanvas::applyEdit(ItemRef ref, Edit edit) {
    if (m_fullRelayout && m_relayoutTimer.isActive())
        return; // everything is laid out again anyway
    const Topology &t = m_document->topology();
    switch (ref.kind) {
    case ItemKind::Host:
        if (edit == Edit::Inserted)
            m_layout.hostInserted(t, ref.row, positionLookup());
        else if (edit == Edit::Removed)
            m_layout.hostRemoved(ref.row);
        else
            m_layout.hostChanged(t, ref.row, positionLookup());
        break;
    case ItemKind::Route:
        m_layout.hostChanged(t, ref.host, positionLookup());
        break;
    case ItemKind::Service:
        m_layout.servicesChanged(t, positionLookup());
        break;
    case ItemKind::Listener:
        scheduleRelayout();
        return;
    case ItemKind::Certificate: // not drawn
    case ItemKind::None:
        return;
    }
    // Node numbers of what the edit re-made now mean other nodes.
    m_connector->cancel();
    m_relayoutTimer.start();
}

void TopologyCanvas::onRelayoutTimer() {
    if (m_fullRelayout)
        relayoutNow();
    else
        syncNow();
}

void TopologyCanvas::syncNow() {
    m_relayoutTimer.stop();
    m_layout.settle();
    // Items of nodes the edits re-made or moved go (materialize makes them again if in view);
    // the others stay as they are.
    std::unordered_set<int> gone;
    for (int node : m_layout.takeTouchedNodes())
        gone.insert(node);
    for (auto it = m_nodeItems.begin(); it != m_nodeItems.end();) {
        if (gone.count(it.key()) ||
            it.value()->pos() !=
                QPointF(m_layout.nodes()[std::size_t(it.key())].rect.topLeft().toPoint())) {
            gone.insert(it.key());
            delete it.value();
            it = m_nodeItems.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = m_edgeItems.begin(); it != m_edgeItems.end();) {
        const CanvasEdge &e = m_layout.edges()[std::size_t(it.key())];
        if (e.from < 0 || gone.count(e.from) || gone.count(e.to)) {
            delete it.value();
            it = m_edgeItems.erase(it);
        } else {
            ++it;
        }
    }
    recomputeProblems();
    applyProblems();
    m_overview->layoutChanged();
    m_scene->setSceneRect(m_layout.bounds().adjusted(-60, -60, 60, 60));
    const int current = m_layout.nodeFor(m_selection->current());
    if (current != m_currentNode) {
        if (CanvasNodeItem *old = m_nodeItems.value(m_currentNode))
            old->setCurrent(false);
        m_currentNode = current;
        if (CanvasNodeItem *item = m_nodeItems.value(m_currentNode))
            item->setCurrent(true);
    }
    if (m_autoFit)
        fitAll();
    materializeVisible();
}

void TopologyCanvas::applyProblems() {
    for (auto it = m_nodeItems.cbegin(); it != m_nodeItems.cend(); ++it) {
        const CanvasNode &node = m_layout.nodes()[std::size_t(it.key())];
        const quint64 key = CanvasLayout::refKey(node.ref);
        it.value()->setProblem(node.layer != CanvasLayer::Endpoints && m_problems.contains(key)
                                   ? std::optional(m_problems.value(key))
                                   : std::nullopt);
    }
}

void TopologyCanvas::relayoutNow() {
    m_relayoutTimer.stop();
    m_fullRelayout = false;
    // Node numbers change with the layout: a connection in progress would point elsewhere.
    m_connector->cancel();
    m_layout.compute(m_document->topology(), positionLookup());
    recomputeProblems();
    m_overview->layoutChanged();
    m_scene->setSceneRect(m_layout.bounds().adjusted(-60, -60, 60, 60));
    m_currentNode = m_layout.nodeFor(m_selection->current());
    clearItems();
    if (m_autoFit)
        fitAll();
    materializeVisible();
}

void TopologyCanvas::clearItems() {
    qDeleteAll(m_nodeItems);
    m_nodeItems.clear();
    qDeleteAll(m_edgeItems);
    m_edgeItems.clear();
}

void TopologyCanvas::materializeVisible() {
    materialize(mapToScene(viewport()->rect()).boundingRect().adjusted(-200, -200, 200, 200));
}

void TopologyCanvas::materialize(const QRectF &area, bool force) {
    m_layout.settle(); // a scroll may come between an edit and syncNow()
    const std::vector<int> wanted = m_layout.nodesIn(area);
    if (!force && int(wanted.size()) > maxItemsInView) {
        clearItems();
        m_overview->show();
        return;
    }
    m_overview->hide();
    const std::unordered_set<int> keep(wanted.begin(), wanted.end());
    for (auto it = m_nodeItems.begin(); it != m_nodeItems.end();) {
        if (!keep.count(it.key())) {
            delete it.value();
            it = m_nodeItems.erase(it);
        } else {
            ++it;
        }
    }
    std::unordered_set<int> edges;
    for (int node : wanted) {
        if (!m_nodeItems.contains(node)) {
            auto *item = new CanvasNodeItem(this, node, m_layout.nodes()[node]);
            if (m_traffic.isActive())
                item->setTraffic(m_traffic.node(m_layout, node));
            const quint64 key = CanvasLayout::refKey(m_layout.nodes()[node].ref);
            if (m_layout.nodes()[node].layer != CanvasLayer::Endpoints && m_problems.contains(key))
                item->setProblem(m_problems.value(key));
            item->setCurrent(node == m_currentNode);
            m_scene->addItem(item);
            m_nodeItems.insert(node, item);
            m_connector->decorate(node);
        }
        const std::span<const int> nodeEdges = m_layout.edgesOf(node);
        // A listener serving 10,000 hosts fans out 10,000 edges, nearly all to nodes far out
        // of view: thousands of items to make and paint for a grey smear. Such a node only
        // gets the edges to nodes that are in view.
        const bool fan = nodeEdges.size() > maxEdgesPerNode;
        for (int edge : nodeEdges) {
            const CanvasEdge &e = m_layout.edges()[std::size_t(edge)];
            if (fan && !keep.count(e.from == node ? e.to : e.from))
                continue;
            edges.insert(edge);
        }
    }
    for (auto it = m_edgeItems.begin(); it != m_edgeItems.end();) {
        if (!edges.count(it.key())) {
            delete it.value();
            it = m_edgeItems.erase(it);
        } else {
            ++it;
        }
    }
    for (int edge : edges)
        if (!m_edgeItems.contains(edge))
            m_edgeItems.insert(edge, makeEdge(edge));
}

CanvasEdgeItem *TopologyCanvas::makeEdge(int edge) {
    auto *item = new CanvasEdgeItem(m_layout, edge, palette().color(QPalette::Mid));
    if (m_traffic.isActive())
        item->setRate(m_traffic.edgeRate(m_layout, edge));
    m_scene->addItem(item);
    return item;
}

void TopologyCanvas::showTraffic(CanvasTraffic::SnapshotPtr now,
                                 CanvasTraffic::SnapshotPtr before) {
    m_traffic.setSamples(std::move(now), std::move(before));
    applyTraffic();
}

void TopologyCanvas::clearTraffic() {
    m_traffic.clear();
    applyTraffic();
}

void TopologyCanvas::applyTraffic() {
    // Only the items there are (what is in view): the overview far out shows no rates. Items
    // whose numbers did not change are not repainted (setTraffic / setRate compare).
    m_layout.settle();
    const bool active = m_traffic.isActive();
    for (auto it = m_nodeItems.cbegin(); it != m_nodeItems.cend(); ++it)
        it.value()->setTraffic(active ? std::optional(m_traffic.node(m_layout, it.key()))
                                      : std::nullopt);
    for (auto it = m_edgeItems.cbegin(); it != m_edgeItems.cend(); ++it)
        it.value()->setRate(active ? std::optional(m_traffic.edgeRate(m_layout, it.key()))
                                   : std::nullopt);
}

void TopologyCanvas::updateEdges(int node) {
    for (int edge : m_layout.edgesOf(node)) {
        if (CanvasEdgeItem *item = m_edgeItems.take(edge)) { // only those materialize made
            delete item;
            m_edgeItems.insert(edge, makeEdge(edge));
        }
    }
}

void TopologyCanvas::recomputeProblems() {
    m_problems.clear();
    const Topology &t = m_document->topology();
    for (const Diagnostic &d : m_document->diagnostics()) {
        const ItemRef ref = locateCulprit(t, d);
        if (!ref.isValid())
            continue;
        const quint64 key = CanvasLayout::refKey(ref);
        if (!m_problems.contains(key) || int(d.severity) < int(m_problems.value(key)))
            m_problems.insert(key, d.severity);
    }
}

void TopologyCanvas::showCurrent(ItemRef ref) {
    if (CanvasNodeItem *old = m_nodeItems.value(m_currentNode))
        old->setCurrent(false);
    m_layout.settle(); // an edit may have just added the node
    m_currentNode = m_layout.nodeFor(ref);
    if (m_currentNode < 0)
        return;
    const QRectF rect = m_layout.nodes()[m_currentNode].rect;
    if (!mapToScene(viewport()->rect()).boundingRect().contains(rect))
        centerOn(rect.center());
    materializeVisible();
    if (CanvasNodeItem *item = m_nodeItems.value(m_currentNode))
        item->setCurrent(true);
}

void TopologyCanvas::nodeClicked(int node) {
    const CanvasNode &n = m_layout.nodes()[node];
    if (n.ref.isValid())
        m_selection->setCurrent(n.ref);
}

void TopologyCanvas::nodeDragged(int node, const QPointF &topLeft) {
    if (m_dragNode != node) {
        m_dragNode = node;
        ++m_dragId;
    }
    m_layout.moveNode(node, topLeft);
    updateEdges(node);
    m_document->undoStack()->push(
        new MoveCanvasItemCommand(m_document, m_layout.nodes()[node].key, topLeft, m_dragId));
}

void TopologyCanvas::dragFinished() {
    m_dragNode = -1;
}

void TopologyCanvas::connectionStarted(int routeNode, const QPointF &scenePos) {
    m_connector->begin(routeNode, scenePos);
}

void TopologyCanvas::connectionMoved(const QPointF &scenePos) {
    m_connector->move(scenePos);
}

void TopologyCanvas::connectionDropped(const QPointF &scenePos) {
    m_connector->finish(scenePos);
}

void TopologyCanvas::zoomBy(qreal factor) {
    m_autoFit = false;
    const qreal current = transform().m11();
    const qreal target = std::clamp(current * factor, 0.005, 4.0);
    scale(target / current, target / current);
    m_materializeTimer.start();
}

void TopologyCanvas::zoomIn() {
    zoomBy(1.25);
}
void TopologyCanvas::zoomOut() {
    zoomBy(0.8);
}

void TopologyCanvas::fitAll() {
    const QRectF bounds = m_layout.bounds().adjusted(-30, -30, 30, 30);
    const qreal byWidth = viewport()->width() / std::max<qreal>(1, bounds.width());
    const qreal byHeight = viewport()->height() / std::max<qreal>(1, bounds.height());
    // A 10,000-host column squeezed into the window is noise: very tall topologies fit by
    // half the width and start at the top instead.
    const qreal s = std::clamp(std::max(std::min(byWidth, byHeight), byWidth * 0.5), 0.005, 1.2);
    resetTransform();
    scale(s, s);
    if (bounds.height() * s > viewport()->height())
        centerOn(bounds.center().x(), bounds.top() + viewport()->height() / s / 2);
    else
        centerOn(bounds.center());
    m_materializeTimer.start();
}

void TopologyCanvas::wheelEvent(QWheelEvent *event) {
    if (event->modifiers() & Qt::ControlModifier) {
        zoomBy(event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15);
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void TopologyCanvas::scrollContentsBy(int dx, int dy) {
    QGraphicsView::scrollContentsBy(dx, dy);
    m_materializeTimer.start();
}

void TopologyCanvas::resizeEvent(QResizeEvent *event) {
    QGraphicsView::resizeEvent(event);
    if (m_autoFit)
        fitAll();
    m_materializeTimer.start();
}

void TopologyCanvas::drawForeground(QPainter *painter, const QRectF &) {
    if (!m_document->topology().hosts.isEmpty())
        return;
    // Empty state, drawn in view coordinates so it stays readable at any zoom.
    painter->save();
    painter->resetTransform();
    painter->setPen(palette().color(QPalette::PlaceholderText));
    painter->drawText(viewport()->rect().adjusted(20, viewport()->height() / 2 + 60, -20, 0),
                      Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap,
                      tr("No virtual hosts yet.\nEdit > Add Host (Ctrl+Shift+H) creates one; "
                         "File > Open loads a topology."));
    painter->restore();
}

bool TopologyCanvas::exportImage(const QString &path, QString *error) {
    // Every node gets an item for the picture, then the view goes back to what is on screen.
    const QRectF bounds = m_layout.bounds().adjusted(-20, -20, 20, 20);
    materialize(bounds, true);
    m_overview->hide();
    const bool ok = writeSceneImage(*m_scene, bounds, path, m_document->topology().name,
                                    palette().color(QPalette::Base));
    if (!ok && error)
        *error = tr("Cannot write %1").arg(path);
    clearItems();
    materializeVisible();
    return ok;
}

} // namespace ingress::ui
