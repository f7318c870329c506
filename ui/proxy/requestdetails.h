#pragma once

#include "model/routing/explainer.h"
#include "model/topology/itemref.h"
#include "model/topology/topology.h"
#include "proxy/accesslogentry.h"
#include "ui/proxy/curlcommand.h"

#include <QString>

namespace ingress::ui {

// What the request log's details say about one served request: the request as received, where
// it went and how it fared, and why it matched (Explainer, over the topology as it is now), plus
// the item to show on the canvas and the request as a curl command. No widgets.
class RequestDetails {
public:
    // `listeningPort`: the port the entry's listener really bound (0: the configured one).
    RequestDetails(const proxy::AccessLogEntry &entry, const Topology &topology,
                   quint16 listeningPort = 0);

    const proxy::AccessLogEntry &entry() const { return m_entry; }
    const Explanation &explanation() const { return m_explanation; }
    // The route that served the request in `topology` (found by host pattern and path, as the
    // topology may have changed since), else its host, else the service; invalid when none.
    ItemRef canvasItem() const { return m_item; }
    // "app.test /api", "(none of host app.test: the default service)", "(none)".
    QString routeText() const;
    QString text() const;
    QString curl() const;

private:
    void locateItem(const Topology &topology);

    proxy::AccessLogEntry m_entry;
    CurlCommand::Target m_target;
    QString m_listenerText;
    Explanation m_explanation;
    ItemRef m_item;
};

} // namespace ingress::ui
