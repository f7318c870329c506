#include "model/items/documentpropertycommand.h"

#include "model/items/topologydocument.h"

namespace ingress {

DocumentPropertyCommand::DocumentPropertyCommand(TopologyDocument *document, Property property,
                                                 const QString &value, QUndoCommand *parent)
    : QUndoCommand(parent), m_document(document), m_property(property),
      m_before(property == Property::Name ? document->topology().name
                                          : document->topology().defaultService),
      m_after(value) {
    setText(property == Property::Name
                ? QObject::tr("Rename topology to %1").arg(value)
                : (value.isEmpty() ? QObject::tr("Clear default service")
                                   : QObject::tr("Set default service to %1").arg(value)));
}

void DocumentPropertyCommand::redo() {
    apply(m_after);
}

void DocumentPropertyCommand::undo() {
    apply(m_before);
}

bool DocumentPropertyCommand::mergeWith(const QUndoCommand *other) {
    auto *next = static_cast<const DocumentPropertyCommand *>(other);
    if (next->m_property != m_property)
        return false;
    m_after = next->m_after;
    return true;
}

void DocumentPropertyCommand::apply(const QString &value) {
    if (m_property == Property::Name)
        m_document->setName(value);
    else
        m_document->setDefaultService(value);
}

} // namespace ingress
