#pragma once

#include <optional>
#include <QGraphicsPathItem>

namespace ingress::ui {

struct CanvasEdge;
class CanvasLayout;

// One edge of the canvas: a curve from the right side of one node to the left side of another.
// A fallback edge (to the default service) is dashed. While the proxy serves, the edge carries
// its request rate: thicker and coloured with traffic, labelled "12/s" at its middle. An edge
// from a route to one backend of a traffic split is labelled with its share ("90%") otherwise.
class CanvasEdgeItem : public QGraphicsPathItem {
public:
    CanvasEdgeItem(const CanvasLayout &layout, int edge, const QColor &idle);

    bool isFallback() const { return m_fallback; }
    // Requests per second; nullopt when not serving (the edge looks as it does when editing).
    void setRate(std::optional<double> rate);
    std::optional<double> rate() const { return m_rate; }
    QString rateText() const { return m_rate && *m_rate > 0 ? m_label : QString(); }
    // What the edge is labelled with: the rate, else a split backend's share ("90%").
    QString labelText() const { return m_label; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // "12/s", "0.5/s", "1.2k/s": short enough for an edge label and a node corner.
    static QString formatRate(double perSecond);

private:
    void applyStyle();
    void placeLabel(const QString &label);

    QColor m_idle;
    bool m_fallback = false;
    bool m_long = false;
    QRectF m_labelRect;    // where the rate label goes, in item coordinates
    QString m_weightLabel; // a split backend's share, shown when there is no traffic
    std::optional<double> m_rate;
    QString m_label;
};

} // namespace ingress::ui
