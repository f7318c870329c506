#pragma once

#include "model/topology/diagnostic.h"
#include "model/topology/itemref.h"
#include "model/topology/topology.h"

namespace ingress {

// Finds the item a diagnostic is about, so that double-clicking a problem selects it and the
// canvas badges it: the validator's Diagnostic::subject when set (and still in range); else,
// for loader findings, the innermost node written at or before the diagnostic's line; else a
// quoted name in the message ("service 'food' ...").
ItemRef locateCulprit(const Topology &topology, const Diagnostic &diagnostic);

} // namespace ingress
