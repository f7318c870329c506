#pragma once

#include "model/items/usages.h"
#include "model/topology/itemref.h"

#include <QList>
#include <QString>

namespace ingress {

// An edit that reaches beyond its item, shown to the user before it is made (design notes 17):
// a rename that also rewrites every usage, or a delete that leaves usages naming nothing.
struct Refactoring {
    enum class Kind { Rename, Remove };

    Kind kind = Kind::Rename;
    ItemRef subject;
    QString noun;    // "service"
    QString name;    // its name now
    QString newName; // renames only
    QList<Usage> usages;
};

} // namespace ingress
