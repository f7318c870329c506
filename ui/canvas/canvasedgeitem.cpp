#include "ui/canvas/canvasedgeitem.h"

#include "ui/canvas/canvaslayout.h"

#include <algorithm>
#include <cmath>
#include <QApplication>
#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

namespace ingress::ui {

namespace {
const QColor trafficColor(0x31, 0x82, 0xce);
}

CanvasEdgeItem::CanvasEdgeItem(const CanvasLayout &layout, int edge, const QColor &idle)
    : m_idle(idle) {
    const CanvasEdge &e = layout.edges()[std::size_t(edge)];
    m_fallback = e.fallback;
    const QRectF from = layout.nodes()[std::size_t(e.from)].rect;
    const QRectF to = layout.nodes()[std::size_t(e.to)].rect;
    const QPointF a(from.right(), from.center().y());
    const QPointF b(to.left(), to.center().y());
    QPainterPath path(a);
    const qreal dx = std::max<qreal>(30, (b.x() - a.x()) / 2);
    path.cubicTo(a + QPointF(dx, 0), b - QPointF(dx, 0), b);
    setPath(path);
    // A listener's edge to a host (or to the default service) far down a 10,000-host canvas is
    // hundreds of thousands of units long. A wide or dashed pen is stroked as a whole, off-screen
    // parts too, which cost seconds per paint at 1:1 (bench_gui, "add route (traffic shown)");
    // a one-pixel cosmetic pen is drawn clipped to the screen. Long edges show traffic by colour.
    m_long = std::abs(b.y() - a.y()) > 2000;
    setZValue(0.5);
    applyStyle();
    if (m_fallback)
        setToolTip(QObject::tr("Requests that no host or route matches go to the default "
                               "service"));
    m_weightLabel = e.label;
    if (!m_weightLabel.isEmpty()) {
        setToolTip(
            QObject::tr("%1 of the route's requests (traffic split by weight)").arg(m_weightLabel));
        placeLabel(m_weightLabel);
    }
}

void CanvasEdgeItem::placeLabel(const QString &label) {
    m_label = label;
    m_labelRect = QRectF();
    if (m_label.isEmpty())
        return;
    // Once per change, not per boundingRect() call: pointAtPercent() measures the curve.
    const QFontMetricsF metrics(QApplication::font());
    const QSizeF size(metrics.horizontalAdvance(m_label) + 8, metrics.height() + 2);
    const QPointF middle = path().pointAtPercent(0.5);
    m_labelRect = QRectF(middle - QPointF(size.width() / 2, size.height() / 2), size);
}

QString CanvasEdgeItem::formatRate(double perSecond) {
    if (perSecond >= 1000)
        return QStringLiteral("%1k/s").arg(perSecond / 1000, 0, 'f', 1);
    if (perSecond >= 10 || perSecond == 0)
        return QStringLiteral("%1/s").arg(qRound(perSecond));
    return QStringLiteral("%1/s").arg(perSecond, 0, 'f', 1);
}

void CanvasEdgeItem::setRate(std::optional<double> rate) {
    if (rate == m_rate)
        return;              // most edges of a steady load: nothing to repaint
    prepareGeometryChange(); // the label grows or shrinks the bounding rectangle
    m_rate = rate;
    // Traffic, when there is some, says more than the configured share.
    placeLabel(rate && *rate > 0 ? formatRate(*rate) : m_weightLabel);
    applyStyle();
}

void CanvasEdgeItem::applyStyle() {
    const bool busy = m_rate && *m_rate > 0;
    // Width grows with the logarithm of the rate: 1/s and 1000/s both stay legible.
    QPen pen(busy ? trafficColor : m_idle,
             busy && !m_long ? 1.5 + std::min(5.0, std::log2(1 + *m_rate)) : 1.2);
    if (m_fallback)
        pen.setStyle(Qt::DashLine);
    if (m_long) {
        pen.setWidth(1);
        pen.setCosmetic(true);
    }
    setPen(pen);
}

QRectF CanvasEdgeItem::boundingRect() const {
    return QGraphicsPathItem::boundingRect() | m_labelRect;
}

void CanvasEdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option,
                           QWidget *widget) {
    QGraphicsPathItem::paint(painter, option, widget);
    if (m_label.isEmpty() || option->levelOfDetailFromTransform(painter->worldTransform()) < 0.45)
        return;
    const QRectF r = m_labelRect;
    painter->setPen(QPen(trafficColor, 1));
    painter->setBrush(QApplication::palette().color(QPalette::Base));
    painter->drawRoundedRect(r, 4, 4);
    painter->setFont(QApplication::font());
    painter->setPen(QApplication::palette().color(QPalette::Text));
    painter->drawText(r, Qt::AlignCenter, m_label);
}

} // namespace ingress::ui
