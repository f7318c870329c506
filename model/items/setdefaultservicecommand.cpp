#include "setdefaultservicecommand.h"

#include "topologydocument.h"

namespace ingress {

SetDefaultServiceCommand::SetDefaultServiceCommand(TopologyDocument *document,
                                                   const QString &service)
    : m_document(document), m_before(document->topology().defaultService), m_after(service) {
    setText(service.isEmpty() ? QObject::tr("No default service")
                              : QObject::tr("Default service %1").arg(service));
}

void SetDefaultServiceCommand::undo() {
    m_document->setDefaultService(m_before);
}

void SetDefaultServiceCommand::redo() {
    m_document->setDefaultService(m_after);
}

} // namespace ingress
