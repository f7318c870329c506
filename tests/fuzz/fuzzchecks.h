#pragma once

#include <QByteArray>
#include <QString>

namespace ingress::fuzz {

// What must hold for any input, fuzzed or from the corpus: the loader returns (no crash, no
// exception, no hang), a document comes back exactly when there is no error, every error says
// where it is, and a loaded document survives save -> load unchanged and byte-stable.
// Returns an empty string when all holds, else what did not.
QString checkTopologyLoader(const QByteArray &input);

} // namespace ingress::fuzz
