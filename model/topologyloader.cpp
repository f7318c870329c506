#include "topologyloader.h"

namespace ingress {

LoadResult TopologyLoader::loadFile(const QString &path) { return loadData({}, path); }

LoadResult TopologyLoader::loadData(const QByteArray &, const QString &fileName) {
    LoadResult result;
    result.diagnostics << Diagnostic{Severity::Error, QStringLiteral("load"),
                                     QStringLiteral("loader not implemented yet"), fileName, {}};
    return result;
}

} // namespace ingress
