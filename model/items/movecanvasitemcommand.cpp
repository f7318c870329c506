#include "model/items/movecanvasitemcommand.h"

#include "model/items/topologydocument.h"

namespace ingress {

MoveCanvasItemCommand::MoveCanvasItemCommand(TopologyDocument *document, const QString &key,
                                             const QPointF &to, int dragId, QUndoCommand *parent)
    : QUndoCommand(QObject::tr("Move %1").arg(key), parent), m_document(document), m_key(key),
      m_to(to), m_dragId(dragId) {
    if (document->hasCanvasPosition(key))
        m_from = document->canvasPosition(key);
}

void MoveCanvasItemCommand::redo() {
    m_document->setCanvasPosition(m_key, m_to);
}

void MoveCanvasItemCommand::undo() {
    if (m_from)
        m_document->setCanvasPosition(m_key, *m_from);
    else
        m_document->clearCanvasPosition(m_key);
}

bool MoveCanvasItemCommand::mergeWith(const QUndoCommand *other) {
    auto *next = static_cast<const MoveCanvasItemCommand *>(other);
    if (next->m_key != m_key || next->m_dragId != m_dragId)
        return false;
    m_to = next->m_to;
    return true;
}

} // namespace ingress
