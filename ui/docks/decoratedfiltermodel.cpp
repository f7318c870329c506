#include "ui/docks/decoratedfiltermodel.h"

#include "model/items/itemroles.h"
#include "ui/icons.h"

namespace ingress::ui {

DecoratedFilterModel::DecoratedFilterModel(QObject *parent) : QSortFilterProxyModel(parent) {
    setRecursiveFilteringEnabled(true);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(-1);
}

QVariant DecoratedFilterModel::data(const QModelIndex &index, int role) const {
    if (role == Qt::DecorationRole && index.column() == 0) {
        const QVariant kind = QSortFilterProxyModel::data(index, ItemKindRole);
        if (kind.isValid())
            return iconFor(ItemKind(kind.toInt()));
    }
    return QSortFilterProxyModel::data(index, role);
}

} // namespace ingress::ui
