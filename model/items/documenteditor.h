#pragma once

#include "model/topology/itemref.h"
#include "model/topology/topology.h"

#include <QString>

class QUndoCommand;

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
    // A delete of an item others name asks the document's confirmer first; false: cancelled.
    bool remove(ItemRef ref);
    void moveRoute(ItemRef from, ItemRef to);

    // A new name for an item others name (a service, certificate or listener) renames every
    // usage too, in one undo step, after the document's confirmer agreed. False: cancelled, the
    // document is unchanged.
    template <typename T> bool replace(ItemRef ref, const T &value, const QString &mergeKey = {});
    // The topology's own fields; typing in one merges into one undo step.
    void setName(const QString &name);
    // The service that answers requests no host or route matches; empty: none (404).
    void setDefaultService(const QString &service);
    // Before the document is saved at `newFilePath` (Save As): relative certificate, key and
    // htpasswd paths are rewritten so that they name the same files from the new folder. One undo
    // step; none when nothing changes.
    void rebaseFilePaths(const QString &newFilePath);

    QString uniqueHostName(const QString &base) const;
    QString uniqueServiceName(const QString &base) const;
    QString uniqueListenerName(const QString &base) const;
    QString uniqueCertificateName(const QString &base) const;

private:
    // Pushes `itemCommand` (the renamed item) and the rewritten usages as one macro.
    bool renameWithUsages(ItemRef ref, QUndoCommand *itemCommand, const QString &noun,
                          const QString &oldName, const QString &newName);

    TopologyDocument *m_document;
};

} // namespace ingress

#include "model/items/replaceitemcommand.h"
#include "model/items/usages.h"

#include <QUndoStack>

namespace ingress {
template <typename T>
bool DocumentEditor::replace(ItemRef ref, const T &value, const QString &mergeKey) {
    const T &before = m_document->item<T>(ref);
    if (before == value)
        return true;
    const QString oldName = ItemTraits<T>::name(before);
    const QString newName = ItemTraits<T>::name(value);
    if (oldName != newName && !findUsages(m_document->topology(), ref).isEmpty())
        return renameWithUsages(ref, new ReplaceItemCommand<T>(m_document, ref, value),
                                ItemTraits<T>::noun(), oldName, newName);
    m_document->undoStack()->push(
        new ReplaceItemCommand<T>(m_document, ref, value, QString(), mergeKey));
    return true;
}
} // namespace ingress
