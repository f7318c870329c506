#pragma once

#include <QString>
#include <QUndoCommand>

namespace ingress {

class TopologyDocument;

// Sets Topology::defaultService (empty: none), the service that answers requests no host or
// route matches. One undo step.
class SetDefaultServiceCommand : public QUndoCommand {
public:
    SetDefaultServiceCommand(TopologyDocument *document, const QString &service);

    void undo() override;
    void redo() override;

private:
    TopologyDocument *m_document;
    QString m_before;
    QString m_after;
};

} // namespace ingress
