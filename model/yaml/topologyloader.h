#pragma once

#include "model/topology/diagnostic.h"
#include "model/topology/topology.h"

#include <optional>
#include <QByteArray>
#include <QString>

namespace ingress {

struct LoadResult {
    std::optional<Topology> topology; // set unless there were load errors
    Diagnostics diagnostics;          // errors, and warnings such as unknown fields

    bool ok() const { return topology.has_value(); }
};

// Reads topology YAML (docs/topology-format.md) with yaml-cpp. Every problem is reported with
// file:line:column and what was expected; unknown fields are warnings naming the field; the
// loader never throws, crashes or hangs on hostile input (size and depth are bounded).
class TopologyLoader {
public:
    static constexpr qint64 maxFileSize = 32 * 1024 * 1024;

    static LoadResult loadFile(const QString &path);
    // `fileName` is what messages call the input; relative paths resolve against it.
    static LoadResult loadData(const QByteArray &yaml, const QString &fileName = {});
};

} // namespace ingress
