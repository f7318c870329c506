#pragma once

#include "model/items/topologydocument.h"

#include <QUndoCommand>

namespace ingress {

// Adds one listener, host, route, service or certificate at a position.
template <typename T> class InsertItemCommand : public QUndoCommand {
public:
    InsertItemCommand(TopologyDocument *document, ItemRef ref, const T &value,
                      QUndoCommand *parent = nullptr)
        : QUndoCommand(parent), m_document(document), m_ref(ref), m_value(value) {
        setText(QObject::tr("Add %1 %2").arg(ItemTraits<T>::noun(), ItemTraits<T>::name(value)));
    }
    void redo() override { m_document->insertItem(m_ref, m_value); }
    void undo() override { m_document->template removeItem<T>(m_ref); }
    ItemRef ref() const { return m_ref; }

private:
    TopologyDocument *m_document;
    ItemRef m_ref;
    T m_value;
};

} // namespace ingress
