#pragma once

#include "model/topology/itemref.h"

#include <QMetaType>

namespace ingress {

// Roles every item model of the document answers, so views find the item behind an index.
enum ItemRole {
    ItemRefRole = Qt::UserRole + 1, // ingress::ItemRef
    ItemKindRole,                   // int(ItemKind)
    ItemNameRole,                   // the name a canvas key is built from
    SeverityRole,                   // problems model: int(Severity)
};

} // namespace ingress

Q_DECLARE_METATYPE(ingress::ItemRef)
