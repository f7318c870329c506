#pragma once

#include <QPointF>

class QGraphicsPathItem;

namespace ingress {
class TopologyDocument;
}

namespace ingress::ui {

class TopologyCanvas;

// Drag from a route's connector handle (or Shift+drag on a route) onto a service: a rubber-band
// line follows the mouse, the service under it lights up, and the drop sets the route's backend
// service as one ReplaceItemCommand<Route> - the canvas then redraws from the document's
// signals like after any other edit. Dropping anywhere else cancels; a route that redirects
// has no backend and refuses the drop with a status message.
class CanvasConnector {
public:
    explicit CanvasConnector(TopologyCanvas *canvas, TopologyDocument *document);
    ~CanvasConnector();

    bool isActive() const { return m_route >= 0; }
    // The layout node the drag started from; -1 when idle.
    int routeNode() const { return m_route; }
    // The service node under the mouse; -1 when none.
    int targetNode() const { return m_target; }

    void begin(int routeNode, const QPointF &scenePos);
    void move(const QPointF &scenePos);
    void finish(const QPointF &scenePos);
    void cancel();

    // Re-applies the highlight to a freshly made item (items come and go with scrolling).
    void decorate(int node) const;

private:
    int serviceAt(const QPointF &scenePos) const;
    bool routeRedirects() const;
    void setTarget(int node);

    TopologyCanvas *m_canvas;
    TopologyDocument *m_document;
    QGraphicsPathItem *m_band = nullptr;
    int m_route = -1;
    int m_target = -1;
};

} // namespace ingress::ui
