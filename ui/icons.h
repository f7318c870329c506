#pragma once

#include "model/topology/itemref.h"

#include <QIcon>

namespace ingress::ui {

// The bundled SVG icons (resources/icons), by name ("host", "start", ...) or by item kind.
QIcon icon(const QString &name);
QIcon iconFor(ItemKind kind);

} // namespace ingress::ui
