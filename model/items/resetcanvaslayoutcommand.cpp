#include "model/items/resetcanvaslayoutcommand.h"

#include "model/items/topologydocument.h"

namespace ingress {

ResetCanvasLayoutCommand::ResetCanvasLayoutCommand(TopologyDocument *document, QUndoCommand *parent)
    : QUndoCommand(QObject::tr("Reset layout"), parent), m_document(document),
      m_before(document->canvasPositions()) {
}

void ResetCanvasLayoutCommand::redo() {
    m_document->setCanvasPositions({});
}

void ResetCanvasLayoutCommand::undo() {
    m_document->setCanvasPositions(m_before);
}

} // namespace ingress
