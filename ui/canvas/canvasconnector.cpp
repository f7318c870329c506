#include "ui/canvas/canvasconnector.h"

#include "model/items/replaceitemcommand.h"
#include "model/items/topologydocument.h"
#include "ui/canvas/canvasnodeitem.h"
#include "ui/canvas/topologycanvas.h"

#include <algorithm>
#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QPainterPath>
#include <QPen>
#include <QUndoStack>

namespace ingress::ui {

CanvasConnector::CanvasConnector(TopologyCanvas *canvas, TopologyDocument *document)
    : m_canvas(canvas), m_document(document) {
}

CanvasConnector::~CanvasConnector() {
    delete m_band;
}

void CanvasConnector::begin(int routeNode, const QPointF &scenePos) {
    cancel();
    m_route = routeNode;
    m_band = new QGraphicsPathItem;
    QPen pen(CanvasNodeItem::layerColor(CanvasLayer::Routes), 2, Qt::DashLine);
    pen.setCosmetic(true); // readable at any zoom
    m_band->setPen(pen);
    m_band->setZValue(3); // above the nodes it crosses
    m_canvas->scene()->addItem(m_band);
    move(scenePos);
    Q_EMIT m_canvas->statusMessage(
        routeRedirects()
            ? QObject::tr("This route redirects: it has no backend service to connect")
            : QObject::tr("Drop on a service to connect the route to it; anywhere else cancels"));
}

void CanvasConnector::move(const QPointF &scenePos) {
    if (!isActive())
        return;
    const QRectF from = m_canvas->layout().nodes()[std::size_t(m_route)].rect;
    const QPointF a(from.right(), from.center().y());
    QPainterPath path(a);
    const qreal dx = std::max<qreal>(30, (scenePos.x() - a.x()) / 2);
    path.cubicTo(a + QPointF(dx, 0), scenePos - QPointF(dx, 0), scenePos);
    m_band->setPath(path);
    setTarget(serviceAt(scenePos));
}

void CanvasConnector::finish(const QPointF &scenePos) {
    if (!isActive())
        return;
    const int service = serviceAt(scenePos);
    const ItemRef routeRef = m_canvas->layout().nodes()[std::size_t(m_route)].ref;
    cancel();
    if (service < 0 || !m_document->contains(routeRef))
        return; // dropped elsewhere: nothing happens
    const ItemRef serviceRef = m_canvas->layout().nodes()[std::size_t(service)].ref;
    const Route &route = m_document->item<Route>(routeRef);
    const QString name = m_document->item<Service>(serviceRef).name;
    if (route.redirect) {
        Q_EMIT m_canvas->statusMessage(
            QObject::tr("Route %1 redirects and has no backend: it cannot be connected to %2")
                .arg(route.firstMatch().path, name));
        return;
    }
    if (!route.backends.isEmpty()) {
        // A split gains a backend (weight 1) rather than being replaced by one service.
        if (route.serviceNames().contains(name))
            return;
        Route joined = route;
        joined.backends.append(RouteBackend{name, 1, {}});
        m_document->undoStack()->push(
            new ReplaceItemCommand<Route>(m_document, routeRef, joined,
                                          QObject::tr("Add service %2 to the split of route %1")
                                              .arg(route.firstMatch().path, name)));
        Q_EMIT m_canvas->statusMessage(
            QObject::tr("Route %1 now also sends to service %2 (weight 1)")
                .arg(route.firstMatch().path, name));
        return;
    }
    if (route.service == name)
        return;
    Route connected = route;
    connected.service = name;
    m_document->undoStack()->push(new ReplaceItemCommand<Route>(
        m_document, routeRef, connected,
        QObject::tr("Connect route %1 to service %2").arg(route.firstMatch().path, name)));
    Q_EMIT m_canvas->statusMessage(
        QObject::tr("Route %1 now goes to service %2").arg(route.firstMatch().path, name));
}

void CanvasConnector::cancel() {
    setTarget(-1);
    delete m_band;
    m_band = nullptr;
    m_route = -1;
}

void CanvasConnector::decorate(int node) const {
    if (CanvasNodeItem *item = m_canvas->nodeItem(node))
        item->setDropTarget(node != m_target   ? CanvasNodeItem::DropTarget::None
                            : routeRedirects() ? CanvasNodeItem::DropTarget::Refused
                                               : CanvasNodeItem::DropTarget::Accepted);
}

int CanvasConnector::serviceAt(const QPointF &scenePos) const {
    // From the layout, not the scene's items: it also answers when the view shows the overview.
    const CanvasLayout &layout = m_canvas->layout();
    for (int node : layout.nodesIn(QRectF(scenePos - QPointF(0.5, 0.5), QSizeF(1, 1))))
        if (layout.nodes()[std::size_t(node)].layer == CanvasLayer::Services)
            return node;
    return -1;
}

bool CanvasConnector::routeRedirects() const {
    if (m_route < 0)
        return false;
    const ItemRef ref = m_canvas->layout().nodes()[std::size_t(m_route)].ref;
    return m_document->contains(ref) && m_document->item<Route>(ref).redirect.has_value();
}

void CanvasConnector::setTarget(int node) {
    if (node == m_target)
        return;
    const int previous = m_target;
    m_target = node;
    decorate(previous);
    decorate(node);
}

} // namespace ingress::ui
