#pragma once

#include "model/items/topologydocument.h"

#include <QUndoCommand>

namespace ingress {

// Removes one item; undo puts the very same value (routes of a host included) back.
template <typename T> class RemoveItemCommand : public QUndoCommand {
public:
    RemoveItemCommand(TopologyDocument *document, ItemRef ref, QUndoCommand *parent = nullptr)
        : QUndoCommand(parent), m_document(document), m_ref(ref), m_value(document->item<T>(ref)) {
        setText(
            QObject::tr("Delete %1 %2").arg(ItemTraits<T>::noun(), ItemTraits<T>::name(m_value)));
    }
    void redo() override { m_value = m_document->template removeItem<T>(m_ref); }
    void undo() override { m_document->insertItem(m_ref, m_value); }

private:
    TopologyDocument *m_document;
    ItemRef m_ref;
    T m_value;
};

} // namespace ingress
