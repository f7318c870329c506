#pragma once

#include "model/topology/diagnostic.h"
#include "ui/canvas/canvaslayout.h"
#include "ui/canvas/canvastraffic.h"

#include <optional>
#include <QGraphicsItem>

namespace ingress::ui {

class TopologyCanvas;

// One node of the canvas, drawn by type (colour band and icon per column). Paints less when
// zoomed out (level of detail). Dragging reports to the canvas, which turns it into undo steps.
// Routes have a connector handle on their right edge: dragging from it (or Shift+dragging the
// route) connects the route to a service (CanvasConnector) instead of moving the node.
// Long names are shortened at their separators (dots of a host name), the full text is in the
// tooltip. While the proxy serves, a node shows its request rate (routes their 4xx/5xx rates,
// endpoints their share of the service and their health as a coloured dot); the default
// service wears a "default" tag, and a host or route with a policy (access list, basic auth,
// limits, CORS, security headers) a shield.
class CanvasNodeItem : public QGraphicsItem {
public:
    // How a service looks while a route is dragged over it.
    enum class DropTarget { None, Accepted, Refused };

    CanvasNodeItem(TopologyCanvas *canvas, int node, const CanvasNode &data);

    int node() const { return m_node; }
    void setProblem(std::optional<Severity> severity);
    std::optional<Severity> problem() const { return m_problem; }
    // nullopt: not serving.
    void setTraffic(std::optional<NodeTraffic> traffic);
    const std::optional<NodeTraffic> &traffic() const { return m_traffic; }
    QString trafficText() const { return m_trafficText; }
    bool isDefaultService() const { return m_data.isDefaultService; }
    // Hosts and routes with a policy wear a shield badge; its parts are in the tooltip.
    bool hasPolicy() const { return !m_data.policy.isEmpty(); }
    const QStringList &policy() const { return m_data.policy; }
    QRectF policyBadgeRect() const;
    // The texts as painted (shortened to fit).
    QString shownLabel() const { return m_shownLabel; }
    QString shownDetail() const { return m_shownDetail; }
    void setCurrent(bool current);
    void setDropTarget(DropTarget target);
    DropTarget dropTarget() const { return m_dropTarget; }
    // Where a connection drag starts, in item coordinates; empty for nodes other than routes.
    QRectF handleRect() const;
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    static QColor layerColor(CanvasLayer layer);
    static QColor healthColor(NodeTraffic::Health health);

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void hoverMoveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    static QFont labelFont();
    static QFont detailFont();
    void elideTexts();

    TopologyCanvas *m_canvas;
    int m_node;
    CanvasNode m_data;
    std::optional<Severity> m_problem;
    std::optional<NodeTraffic> m_traffic;
    QString m_trafficText;
    QString m_shownLabel;
    QString m_shownDetail;
    bool m_current = false;
    bool m_connecting = false; // this press started a connection drag, not a move
    DropTarget m_dropTarget = DropTarget::None;
};

} // namespace ingress::ui
