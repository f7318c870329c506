#pragma once

#include "model/topology/diagnostic.h"

#include <QString>
#include <QStringList>

namespace ingress::testing {

// Every diagnostic on a line of its own, as the CLI prints them: the message of a failed check.
inline QString dump(const Diagnostics &diagnostics) {
    QStringList lines;
    for (const Diagnostic &d : diagnostics)
        lines << d.toString();
    return lines.join(u'\n');
}

} // namespace ingress::testing
