#pragma once

#include "itemref.h"
#include "topology.h"

#include <QString>

namespace ingress {

class TopologyDocument;

// The edits menus, toolbars and the property editor offer, each one undo step pushed on the
// document's stack. New items get unique names ("host-2.example.com", "service-3") so that a
// fresh item never collides with an existing one.
class DocumentEditor {
public:
    explicit DocumentEditor(TopologyDocument *document) : m_document(document) {}

    ItemRef addListener();
    ItemRef addHost();
    // Adds a route to `host`; `after` (a route of that host) places it after that one.
    ItemRef addRoute(int host, int after = -1);
    ItemRef addService();
    ItemRef addCertificate();
    void addEndpoint(int service, const QString &address, int weight = 1);
    void removeEndpoint(int service, int endpoint);
    void editEndpoint(int service, int endpoint, const Endpoint &value);

    // Returns the copy's position.
    ItemRef duplicate(ItemRef ref);
    void remove(ItemRef ref);
    void moveRoute(ItemRef from, ItemRef to);
    // The service that answers requests no host or route matches; empty: none (404).
    void setDefaultService(const QString &service);

    template <typename T> void replace(ItemRef ref, const T &value, const QString &mergeKey = {});
    // Before the document is saved at `newFilePath` (Save As): relative certificate and key
    // paths are rewritten so that they name the same files from the new folder. One undo step;
    // none when nothing changes.
    void rebaseFilePaths(const QString &newFilePath);

    QString uniqueHostName(const QString &base) const;
    QString uniqueServiceName(const QString &base) const;
    QString uniqueListenerName(const QString &base) const;
    QString uniqueCertificateName(const QString &base) const;

private:
    TopologyDocument *m_document;
};

} // namespace ingress

#include "replaceitemcommand.h"

#include <QUndoStack>

namespace ingress {
template <typename T>
void DocumentEditor::replace(ItemRef ref, const T &value, const QString &mergeKey) {
    if (m_document->item<T>(ref) == value)
        return;
    m_document->undoStack()->push(
        new ReplaceItemCommand<T>(m_document, ref, value, QString(), mergeKey));
}
} // namespace ingress
