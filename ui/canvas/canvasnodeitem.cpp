#include "ui/canvas/canvasnodeitem.h"

#include "ui/canvas/canvasedgeitem.h"
#include "ui/canvas/canvaselide.h"
#include "ui/canvas/topologycanvas.h"
#include "ui/icons.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

namespace ingress::ui {

CanvasNodeItem::CanvasNodeItem(TopologyCanvas *canvas, int node, const CanvasNode &data)
    : m_canvas(canvas), m_node(node), m_data(data) {
    setPos(data.rect.topLeft());
    setFlag(ItemIsSelectable);
    if (data.layer != CanvasLayer::Clients && data.layer != CanvasLayer::Endpoints)
        setFlags(flags() | ItemIsMovable | ItemSendsGeometryChanges);
    QString tip = data.detail.isEmpty() ? data.label : data.label + u'\n' + data.detail;
    if (data.isDefaultService)
        tip += u'\n' + QObject::tr("The default service: it answers requests that no host or "
                                   "route matches");
    for (const QString &note : data.notes)
        tip += u'\n' + note;
    if (!data.policy.isEmpty())
        tip += u'\n' + QObject::tr("Policy:") + QStringLiteral("\n\u2022 ") +
               data.policy.join(QStringLiteral("\n\u2022 "));
    if (data.layer == CanvasLayer::Routes) {
        tip += u'\n' + QObject::tr("Drag the handle on the right (or Shift+drag) onto a service "
                                   "to connect this route to it");
        setAcceptHoverEvents(true); // the cursor changes over the handle
    }
    setToolTip(tip);
    setZValue(1);
    setCursor(Qt::PointingHandCursor);
    elideTexts();
}

QFont CanvasNodeItem::labelFont() {
    QFont font = QApplication::font();
    font.setPointSizeF(font.pointSizeF() * 1.15); // canvases are usually seen zoomed out
    font.setBold(true);
    return font;
}

QFont CanvasNodeItem::detailFont() {
    QFont font = QApplication::font();
    font.setPointSizeF(font.pointSizeF() * 1.15 * 0.85);
    return font;
}

void CanvasNodeItem::elideTexts() {
    // Where a name may be cut without cutting a word: host names between labels, addresses
    // between their numbers, paths between segments.
    QStringView separators = u".-_/:";
    if (m_data.layer == CanvasLayer::Hosts)
        separators = u".";
    else if (m_data.layer == CanvasLayer::Routes)
        separators = u"/";
    // A little slack: hinting at the zoom painted may make glyphs a touch wider than measured.
    const qreal width = m_data.rect.width() - 36 - 8 - 2;
    m_shownLabel = elideAtBoundaries(m_data.label, QFontMetricsF(labelFont()), width, separators);
    const QFontMetricsF detailMetrics(detailFont());
    const qreal trafficWidth =
        m_trafficText.isEmpty() ? 0 : detailMetrics.horizontalAdvance(m_trafficText) + 6;
    m_shownDetail = elideAtBoundaries(m_data.detail, detailMetrics, width - trafficWidth, u" .:");
}

QColor CanvasNodeItem::healthColor(NodeTraffic::Health health) {
    switch (health) {
    case NodeTraffic::Health::Healthy:
        return QColor(0x38, 0xa1, 0x69);
    case NodeTraffic::Health::Unhealthy:
        return QColor(0xc5, 0x30, 0x30);
    case NodeTraffic::Health::Ejected:
        return QColor(0xd6, 0x9e, 0x2e);
    case NodeTraffic::Health::Unknown:
        break;
    }
    return QColor(0xa0, 0xae, 0xc0);
}

void CanvasNodeItem::setTraffic(std::optional<NodeTraffic> traffic) {
    if (traffic == m_traffic)
        return;
    m_traffic = traffic;
    QString text;
    if (traffic) {
        text = CanvasEdgeItem::formatRate(traffic->rate);
        if (m_data.layer == CanvasLayer::Endpoints && traffic->share >= 0)
            text = QStringLiteral("%1% \u00b7 ").arg(qRound(traffic->share * 100)) + text;
        if (traffic->rate5xx > 0)
            text += QStringLiteral(" 5xx ") + CanvasEdgeItem::formatRate(traffic->rate5xx);
        else if (traffic->rate4xx > 0)
            text += QStringLiteral(" 4xx ") + CanvasEdgeItem::formatRate(traffic->rate4xx);
    }
    if (text != m_trafficText) {
        m_trafficText = text;
        elideTexts();
    }
    update();
}

QRectF CanvasNodeItem::handleRect() const {
    if (m_data.layer != CanvasLayer::Routes)
        return {};
    // Generous for the mouse; the painted dot is smaller.
    return QRectF(m_data.rect.width() - 8, m_data.rect.height() / 2 - 8, 16, 16);
}

QRectF CanvasNodeItem::policyBadgeRect() const {
    if (m_data.policy.isEmpty())
        return {};
    // On the top edge, left of where a problem badge goes.
    return QRectF(m_data.rect.width() - 30, -7, 14, 14);
}

void CanvasNodeItem::setDropTarget(DropTarget target) {
    if (target != m_dropTarget) {
        m_dropTarget = target;
        update();
    }
}

QColor CanvasNodeItem::layerColor(CanvasLayer layer) {
    switch (layer) {
    case CanvasLayer::Clients:
        return QColor(0x4a, 0x55, 0x68);
    case CanvasLayer::Listeners:
        return QColor(0x2f, 0x85, 0x5a);
    case CanvasLayer::Hosts:
        return QColor(0x2b, 0x6c, 0xb0);
    case CanvasLayer::Routes:
        return QColor(0x80, 0x5a, 0xd5);
    case CanvasLayer::Services:
        return QColor(0xc0, 0x56, 0x21);
    case CanvasLayer::Endpoints:
    case CanvasLayer::Count:
        break;
    }
    return QColor(0xdd, 0x6b, 0x20);
}

void CanvasNodeItem::setProblem(std::optional<Severity> severity) {
    if (severity != m_problem) {
        m_problem = severity;
        update();
    }
}

void CanvasNodeItem::setCurrent(bool current) {
    if (current != m_current) {
        m_current = current;
        setZValue(current ? 2 : 1);
        update();
    }
}

QRectF CanvasNodeItem::boundingRect() const {
    return QRectF(-3, -8, m_data.rect.width() + 11, m_data.rect.height() + 11);
}

void CanvasNodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *) {
    const QRectF r(0, 0, m_data.rect.width(), m_data.rect.height());
    const QColor accent = layerColor(m_data.layer);
    const QPalette palette = QApplication::palette();
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const bool dropping = m_dropTarget != DropTarget::None;
    const QColor dropColor =
        m_dropTarget == DropTarget::Refused ? QColor(0xc5, 0x30, 0x30) : QColor(0x2f, 0x85, 0x5a);
    const bool down = m_traffic && (m_traffic->health == NodeTraffic::Health::Unhealthy ||
                                    m_traffic->health == NodeTraffic::Health::Ejected);
    if (lod < 0.35) {
        // Far away: a coloured block says enough and costs one fill.
        painter->fillRect(r, dropping    ? dropColor
                             : m_current ? palette.color(QPalette::Highlight)
                             : down      ? healthColor(m_traffic->health)
                                         : accent);
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing);
    if (dropping)
        painter->setPen(QPen(dropColor, 3.5));
    else if (down && !m_current)
        painter->setPen(QPen(healthColor(m_traffic->health), 2.5));
    else
        painter->setPen(QPen(m_current ? palette.color(QPalette::Highlight) : accent.darker(110),
                             m_current ? 2.5 : 1.2));
    painter->setBrush(palette.color(QPalette::Base));
    painter->drawRoundedRect(r, 6, 6);
    painter->setPen(Qt::NoPen);
    painter->setBrush(accent);
    painter->drawRoundedRect(QRectF(0, 0, 6, r.height()), 3, 3);

    const QIcon kindIcon = m_data.layer == CanvasLayer::Clients ? icon(QStringLiteral("client"))
                           : m_data.layer == CanvasLayer::Endpoints
                               ? icon(QStringLiteral("endpoint"))
                               : iconFor(m_data.ref.kind);
    kindIcon.paint(painter, QRect(12, int(r.height() / 2) - 9, 18, 18));
    if (lod >= 0.45) {
        // The texts were shortened to fit once (elideTexts()), not at every paint.
        painter->setFont(labelFont());
        painter->setPen(palette.color(QPalette::Text));
        painter->drawText(r.adjusted(36, 3, -8, -r.height() / 2), Qt::AlignLeft | Qt::AlignVCenter,
                          m_shownLabel);
        painter->setFont(detailFont());
        painter->setPen(palette.color(QPalette::PlaceholderText));
        const QRectF detailRect = r.adjusted(36, r.height() / 2, -8, -3);
        painter->drawText(detailRect, Qt::AlignLeft | Qt::AlignVCenter, m_shownDetail);
        if (!m_trafficText.isEmpty()) {
            painter->setPen(m_traffic->rate5xx > 0 ? QColor(0xc5, 0x30, 0x30)
                                                   : QColor(0x31, 0x82, 0xce));
            painter->drawText(detailRect, Qt::AlignRight | Qt::AlignVCenter, m_trafficText);
        }
    }
    if (m_traffic && m_data.layer == CanvasLayer::Endpoints) {
        // The endpoint's health, as the balancers see it: a lamp in the top right corner.
        painter->setPen(Qt::NoPen);
        painter->setBrush(healthColor(m_traffic->health));
        painter->drawEllipse(QPointF(r.width() - 10, 10), 4.5, 4.5);
    }
    if (m_data.isDefaultService) {
        const QFont tagFont = detailFont();
        const QString tag = QObject::tr("default");
        const qreal width = QFontMetricsF(tagFont).horizontalAdvance(tag) + 10;
        const QRectF tagRect(r.width() - 16 - width, -7, width, 14);
        painter->setPen(Qt::NoPen);
        painter->setBrush(accent);
        painter->drawRoundedRect(tagRect, 7, 7);
        painter->setFont(tagFont);
        painter->setPen(Qt::white);
        painter->drawText(tagRect, Qt::AlignCenter, tag);
    }
    if (!m_data.policy.isEmpty()) {
        // A shield: who may come in, how often, and what browsers are told is set here.
        const QRectF badge = policyBadgeRect();
        painter->setPen(QPen(palette.color(QPalette::Base), 1.2));
        painter->setBrush(QColor(0x2c, 0x7a, 0x7b));
        painter->drawEllipse(badge);
        QPainterPath shield;
        const qreal x = badge.center().x();
        const qreal top = badge.top() + 3;
        shield.moveTo(x, top);
        shield.lineTo(x + 4, top + 1.5);
        shield.lineTo(x + 4, top + 4.5);
        shield.quadTo(x + 4, top + 7.5, x, top + 9);
        shield.quadTo(x - 4, top + 7.5, x - 4, top + 4.5);
        shield.lineTo(x - 4, top + 1.5);
        shield.closeSubpath();
        painter->setPen(Qt::NoPen);
        painter->setBrush(Qt::white);
        painter->drawPath(shield);
    }
    if (m_data.layer == CanvasLayer::Routes) {
        // The connector handle, as in node editors: an output port on the right edge.
        painter->setPen(QPen(palette.color(QPalette::Base), 1.5));
        painter->setBrush(accent);
        painter->drawEllipse(handleRect().center(), 5, 5);
    }
    if (m_problem) {
        const QString name = *m_problem == Severity::Error     ? QStringLiteral("error")
                             : *m_problem == Severity::Warning ? QStringLiteral("warning")
                                                               : QStringLiteral("info");
        icon(name).paint(painter, QRect(int(r.width()) - 8, -7, 16, 16));
    }
}

QVariant CanvasNodeItem::itemChange(GraphicsItemChange change, const QVariant &value) {
    // Whole units: the file keeps whole numbers, so a reopened canvas looks exactly the same.
    if (change == ItemPositionChange)
        return QPointF(value.toPointF().toPoint());
    if (change == ItemPositionHasChanged && scene() && scene()->mouseGrabberItem() == this)
        m_canvas->nodeDragged(m_node, value.toPointF());
    return QGraphicsItem::itemChange(change, value);
}

void CanvasNodeItem::mousePressEvent(QGraphicsSceneMouseEvent *event) {
    m_canvas->nodeClicked(m_node);
    m_connecting =
        event->button() == Qt::LeftButton &&
        (handleRect().contains(event->pos()) ||
         (m_data.layer == CanvasLayer::Routes && event->modifiers() == Qt::ShiftModifier));
    if (m_connecting) {
        // Accepted without the base class: the item grabs the mouse but does not move.
        event->accept();
        m_canvas->connectionStarted(m_node, event->scenePos());
        return;
    }
    QGraphicsItem::mousePressEvent(event);
}

void CanvasNodeItem::mouseMoveEvent(QGraphicsSceneMouseEvent *event) {
    if (m_connecting) {
        m_canvas->connectionMoved(event->scenePos());
        return;
    }
    QGraphicsItem::mouseMoveEvent(event);
}

void CanvasNodeItem::mouseReleaseEvent(QGraphicsSceneMouseEvent *event) {
    if (m_connecting) {
        m_connecting = false;
        // May relayout and delete this item: nothing after this line touches it.
        m_canvas->connectionDropped(event->scenePos());
        return;
    }
    QGraphicsItem::mouseReleaseEvent(event);
    m_canvas->dragFinished();
}

void CanvasNodeItem::hoverMoveEvent(QGraphicsSceneHoverEvent *event) {
    setCursor(handleRect().contains(event->pos()) ? Qt::CrossCursor : Qt::PointingHandCursor);
    QGraphicsItem::hoverMoveEvent(event);
}

} // namespace ingress::ui
