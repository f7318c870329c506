#pragma once

#include <QSortFilterProxyModel>

namespace ingress::ui {

// Adds the kind icons (the item models stay free of widgets' concerns) and filters recursively
// and case-insensitively, keeping the parents of every match.
class DecoratedFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit DecoratedFilterModel(QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};

} // namespace ingress::ui
