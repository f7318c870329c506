#pragma once

#include <optional>
#include <QPointF>
#include <QString>
#include <QUndoCommand>

namespace ingress {

class TopologyDocument;

// Moves a node of the canvas. A drag sends one command per mouse move; they merge into one
// undo step (same node, same drag) through id()/mergeWith().
class MoveCanvasItemCommand : public QUndoCommand {
public:
    static constexpr int commandId = 0x4e20;

    MoveCanvasItemCommand(TopologyDocument *document, const QString &key, const QPointF &to,
                          int dragId, QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override { return commandId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    TopologyDocument *m_document;
    QString m_key;
    std::optional<QPointF> m_from; // unset: the node was laid out automatically
    QPointF m_to;
    int m_dragId;
};

} // namespace ingress
