#pragma once

#include "model/topology/itemref.h"
#include "model/topology/route.h"

#include <QUndoCommand>

namespace ingress {

class TopologyDocument;

// Moves a route within its host (reorder) or to another host. `to` is the position after the
// route has been taken out of `from`.
class MoveRouteCommand : public QUndoCommand {
public:
    MoveRouteCommand(TopologyDocument *document, ItemRef from, ItemRef to,
                     QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    TopologyDocument *m_document;
    ItemRef m_from;
    ItemRef m_to;
};

} // namespace ingress
