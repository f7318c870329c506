#pragma once

#include <QString>
#include <QUndoCommand>

namespace ingress {

class TopologyDocument;

// Sets one of the topology's own fields (its name, its default service). Consecutive edits of
// one field merge into one undo step, as ReplaceItemCommand does for the fields of an item.
class DocumentPropertyCommand : public QUndoCommand {
public:
    enum class Property { Name, DefaultService };
    static constexpr int commandId = 0x4e40;

    DocumentPropertyCommand(TopologyDocument *document, Property property, const QString &value,
                            QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override { return commandId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    void apply(const QString &value);

    TopologyDocument *m_document;
    Property m_property;
    QString m_before;
    QString m_after;
};

} // namespace ingress
