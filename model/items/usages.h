#pragma once

#include "model/topology/itemref.h"
#include "model/topology/topology.h"

#include <QList>
#include <QString>

namespace ingress {

// One place that names another item: a route's `service`, a host's `tls` or `listeners`, the
// topology's `defaultService`. Renames update these; deletes warn about them; Find Usages
// lists them.
struct Usage {
    ItemRef user;        // the item that names it; ItemKind::None: the topology itself
    QString field;       // the field of `user` that holds the name, as the format spells it
    QString description; // "route food.bar.com /api", "the topology's default service"

    friend bool operator==(const Usage &, const Usage &) = default;
};

// Where the item at `ref` is named, in document order. Hosts and routes are named by nothing
// (their canvas positions follow renames on their own, TopologyDocument::followRename).
QList<Usage> findUsages(const Topology &topology, ItemRef ref);

// The name of the item at `ref` (a route's path), and what kind of thing it is ("service").
QString nameOf(const Topology &topology, ItemRef ref);
QString nounOf(ItemKind kind);
// The item of `kind` named `name`, or an invalid ref.
ItemRef findByName(const Topology &topology, ItemKind kind, const QString &name);

// What a user of a renamed item becomes: `usage.field` names `newName` instead of `oldName`.
// Only for users that are items (not the topology itself).
Route renamedIn(const Route &route, const Usage &usage, const QString &oldName,
                const QString &newName);
VirtualHost renamedIn(const VirtualHost &host, const Usage &usage, const QString &oldName,
                      const QString &newName);

} // namespace ingress
