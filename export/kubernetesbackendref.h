#pragma once

#include "model/topology/sourcelocation.h"

#include <QString>

namespace ingress::kubeimport {

// A Service an Ingress path points at. Resolved once every file is read, since the Service may
// come later in the input (or not at all).
struct BackendRef {
    QString service, nameSpace, portName;
    int port = 0;
    SourceLocation where;
    QString file;
};

} // namespace ingress::kubeimport
