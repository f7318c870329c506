#include "model/items/moveroutecommand.h"

#include "model/items/topologydocument.h"

namespace ingress {

MoveRouteCommand::MoveRouteCommand(TopologyDocument *document, ItemRef from, ItemRef to,
                                   QUndoCommand *parent)
    : QUndoCommand(parent), m_document(document), m_from(from), m_to(to) {
    const Route &route = document->item<Route>(from);
    setText(from.host == to.host
                ? QObject::tr("Reorder route %1").arg(route.firstMatch().path)
                : QObject::tr("Move route %1 to %2")
                      .arg(route.firstMatch().path, document->topology().hosts.at(to.host).host));
}

void MoveRouteCommand::redo() {
    const Route route = m_document->removeItem<Route>(m_from);
    m_document->insertItem(m_to, route);
}

void MoveRouteCommand::undo() {
    const Route route = m_document->removeItem<Route>(m_to);
    m_document->insertItem(m_from, route);
}

} // namespace ingress
