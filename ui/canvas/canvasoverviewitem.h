#pragma once

#include <QGraphicsItem>

namespace ingress::ui {

class CanvasLayout;

// Zoomed far out over thousands of nodes, the canvas shows this one item instead of one item
// per node: it paints the nodes in the exposed area as plain blocks straight from the layout.
class CanvasOverviewItem : public QGraphicsItem {
public:
    explicit CanvasOverviewItem(const CanvasLayout *layout);

    void layoutChanged();
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    const CanvasLayout *m_layout;
    QRectF m_bounds;
};

} // namespace ingress::ui
