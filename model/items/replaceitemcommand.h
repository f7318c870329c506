#pragma once

#include "model/items/topologydocument.h"

#include <QUndoCommand>

namespace ingress {

// Replaces one item by an edited copy (any field: property editor, table cell, endpoints).
// Consecutive edits of the same field of the same item merge into one undo step when the
// caller passes a `mergeKey` (e.g. typing in a line edit that commits on every change).
template <typename T> class ReplaceItemCommand : public QUndoCommand {
public:
    static constexpr int commandId = 0x4e00 + int(ItemTraits<T>::kind);

    ReplaceItemCommand(TopologyDocument *document, ItemRef ref, const T &value,
                       const QString &text = {}, const QString &mergeKey = {},
                       QUndoCommand *parent = nullptr)
        : QUndoCommand(parent), m_document(document), m_ref(ref), m_before(document->item<T>(ref)),
          m_after(value), m_mergeKey(mergeKey) {
        setText(
            text.isEmpty()
                ? QObject::tr("Edit %1 %2").arg(ItemTraits<T>::noun(), ItemTraits<T>::name(value))
                : text);
    }
    void redo() override { m_document->replaceItem(m_ref, m_after); }
    void undo() override { m_document->replaceItem(m_ref, m_before); }
    int id() const override { return m_mergeKey.isEmpty() ? -1 : commandId; }
    bool mergeWith(const QUndoCommand *other) override {
        auto *next = static_cast<const ReplaceItemCommand *>(other);
        if (next->m_ref != m_ref || next->m_mergeKey != m_mergeKey)
            return false;
        m_after = next->m_after;
        return true;
    }

private:
    TopologyDocument *m_document;
    ItemRef m_ref;
    T m_before;
    T m_after;
    QString m_mergeKey;
};

} // namespace ingress
