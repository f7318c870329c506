#pragma once

#include "canvaslayout.h"
#include "diagnostic.h"

#include <optional>
#include <QGraphicsItem>

namespace ingress::ui {

class TopologyCanvas;

// One node of the canvas, drawn by type (colour band and icon per column). Paints less when
// zoomed out (level of detail). Dragging reports to the canvas, which turns it into undo steps.
class CanvasNodeItem : public QGraphicsItem {
public:
    CanvasNodeItem(TopologyCanvas *canvas, int node, const CanvasNode &data);

    int node() const { return m_node; }
    void setProblem(std::optional<Severity> severity);
    void setCurrent(bool current);
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    static QColor layerColor(CanvasLayer layer);

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;

private:
    TopologyCanvas *m_canvas;
    int m_node;
    CanvasNode m_data;
    std::optional<Severity> m_problem;
    bool m_current = false;
};

} // namespace ingress::ui
