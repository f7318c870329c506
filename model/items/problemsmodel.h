#pragma once

#include "model/topology/diagnostic.h"

#include <QAbstractTableModel>

namespace ingress {

class TopologyDocument;

// The document's diagnostics, refreshed whenever validation runs. ItemRefRole gives the item
// a problem is about (culpritlocator.h), for "double-click selects the culprit".
class ProblemsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SeverityColumn, MessageColumn, LocationColumn, RuleColumn, ColumnCount };

    explicit ProblemsModel(TopologyDocument *document, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    int errorCount() const;
    int warningCount() const;

private:
    void refresh();

    TopologyDocument *m_document;
    Diagnostics m_diagnostics;
};

} // namespace ingress
