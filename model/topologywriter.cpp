#include "topologywriter.h"

namespace ingress {

QByteArray TopologyWriter::toYaml(const Topology &) { return {}; }

bool TopologyWriter::saveFile(const Topology &, const QString &, QString *error) {
    if (error)
        *error = QStringLiteral("not implemented yet");
    return false;
}

} // namespace ingress
