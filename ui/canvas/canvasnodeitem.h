#pragma once

#include "canvaslayout.h"
#include "diagnostic.h"

#include <optional>
#include <QGraphicsItem>

namespace ingress::ui {

class TopologyCanvas;

// One node of the canvas, drawn by type (colour band and icon per column). Paints less when
// zoomed out (level of detail). Dragging reports to the canvas, which turns it into undo steps.
// Routes have a connector handle on their right edge: dragging from it (or Shift+dragging the
// route) connects the route to a service (CanvasConnector) instead of moving the node.
class CanvasNodeItem : public QGraphicsItem {
public:
    // How a service looks while a route is dragged over it.
    enum class DropTarget { None, Accepted, Refused };

    CanvasNodeItem(TopologyCanvas *canvas, int node, const CanvasNode &data);

    int node() const { return m_node; }
    void setProblem(std::optional<Severity> severity);
    void setCurrent(bool current);
    void setDropTarget(DropTarget target);
    DropTarget dropTarget() const { return m_dropTarget; }
    // Where a connection drag starts, in item coordinates; empty for nodes other than routes.
    QRectF handleRect() const;
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    static QColor layerColor(CanvasLayer layer);

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void hoverMoveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    TopologyCanvas *m_canvas;
    int m_node;
    CanvasNode m_data;
    std::optional<Severity> m_problem;
    bool m_current = false;
    bool m_connecting = false; // this press started a connection drag, not a move
    DropTarget m_dropTarget = DropTarget::None;
};

} // namespace ingress::ui
