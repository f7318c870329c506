#pragma once

#include "model/topology/canvaspositions.h"

#include <QUndoCommand>

namespace ingress {

class TopologyDocument;

// View > Reset Layout: forgets every position the user chose, so the canvas goes back to the
// automatic layout (and the file loses its `canvas:` section on the next save). Undo puts the
// positions back.
class ResetCanvasLayoutCommand : public QUndoCommand {
public:
    explicit ResetCanvasLayoutCommand(TopologyDocument *document, QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    TopologyDocument *m_document;
    CanvasPositions m_before;
};

} // namespace ingress
