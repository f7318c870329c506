#pragma once

#include "model/topology/route.h"

#include <optional>

namespace ingress {

// A route's traffic split as one line of text, "food*90, food-canary*10": how the property
// editor edits `backends` and how the tree and the canvas show it. A name without "*N" has
// weight 1. Parsing checks the syntax only (weights 0-1000000); names are the validator's.
namespace backendstext {

QString format(const QList<RouteBackend> &backends);
std::optional<QList<RouteBackend>> parse(const QString &text, QString *error = nullptr);

} // namespace backendstext

} // namespace ingress
