#pragma once

#include "diagnostic.h"
#include "itemref.h"
#include "topology.h"

namespace ingress {

// Finds the item a diagnostic is about, so that double-clicking a problem selects it: the
// innermost node written at or before the diagnostic's line; for items made in the GUI (no
// source position) a quoted name in the message ("service 'food' ...").
ItemRef locateCulprit(const Topology &topology, const Diagnostic &diagnostic);

} // namespace ingress
