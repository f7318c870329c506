#pragma once

#include "model/topology/itemref.h"

#include <QAbstractTableModel>

namespace ingress {

class TopologyDocument;

// Services as a table; cells edit the document through undo commands (one step per cell).
class ServicesTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        NamespaceColumn,
        TypeColumn,
        PortColumn,
        BalancingColumn,
        EndpointsColumn,
        ColumnCount
    };

    explicit ServicesTableModel(TopologyDocument *document, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    TopologyDocument *m_document;
};

} // namespace ingress
