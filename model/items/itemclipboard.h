#pragma once

#include "model/topology/itemref.h"
#include "model/topology/topology.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace ingress {

class TopologyDocument;

// Cut / Copy / Paste of hosts, routes, services, listeners and certificates. The clipboard
// holds a small topology file (YAML), so a copied host can also be pasted into a text editor
// and back. A route travels inside a placeholder host.
namespace itemclipboard {

QString mimeType();
QByteArray encode(const Topology &topology, ItemRef ref);
// Inserts what `yaml` holds next to `current` (routes go into the current host) as one undo
// step, renaming what would collide. Returns what was added, or nothing and `error`.
QList<ItemRef> paste(TopologyDocument *document, const QByteArray &yaml, ItemRef current,
                     QString *error = nullptr);

} // namespace itemclipboard
} // namespace ingress
