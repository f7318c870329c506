#pragma once

#include "model/topology/topology.h"

#include <QByteArray>
#include <QString>

namespace ingress {

// Writes topology YAML in a fixed field order (the order of docs/topology-format.md), leaving
// out values that equal their defaults, so that load -> save -> load is an identity and
// diffs stay small.
class TopologyWriter {
public:
    static QByteArray toYaml(const Topology &topology);
    // Atomic: writes a temporary file and renames it over `path` (QSaveFile).
    static bool saveFile(const Topology &topology, const QString &path, QString *error);
};

} // namespace ingress
