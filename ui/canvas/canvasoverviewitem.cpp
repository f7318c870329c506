#include "ui/canvas/canvasoverviewitem.h"

#include "ui/canvas/canvaslayout.h"
#include "ui/canvas/canvasnodeitem.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace ingress::ui {

CanvasOverviewItem::CanvasOverviewItem(const CanvasLayout *layout) : m_layout(layout) {
    setFlag(ItemUsesExtendedStyleOption); // gives exposedRect
    setZValue(0);
}

void CanvasOverviewItem::layoutChanged() {
    prepareGeometryChange();
    m_bounds = m_layout->bounds();
}

QRectF CanvasOverviewItem::boundingRect() const {
    return m_bounds;
}

void CanvasOverviewItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option,
                               QWidget *) {
    const auto &nodes = m_layout->nodes();
    for (int index : m_layout->nodesIn(option->exposedRect))
        painter->fillRect(nodes[index].rect, CanvasNodeItem::layerColor(nodes[index].layer));
}

} // namespace ingress::ui
