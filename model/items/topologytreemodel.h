#pragma once

#include "model/items/treemodelbase.h"
#include "model/topology/itemref.h"

#include <QHash>
#include <QList>

namespace ingress {

class TopologyDocument;

// The topology as a tree: "Listeners" and "Virtual hosts" groups; hosts hold their routes.
// Follows the document's fine-grained signals (no reset per edit, so selection and expansion
// survive, and 10,000 hosts stay cheap). Names are editable in place (one undo step each).
class TopologyTreeModel : public TreeModelBase {
    Q_OBJECT
public:
    enum Column { NameColumn, DetailsColumn, ColumnCount };
    enum Group { ListenersGroup, HostsGroup, GroupCount };

    explicit TopologyTreeModel(TopologyDocument *document, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    ItemRef refFor(const QModelIndex &index) const;
    QModelIndex indexFor(ItemRef ref, int column = 0) const;
    QModelIndex groupIndex(Group group) const;

protected:
    NodeId childNode(NodeId parent, int row) const override;
    Position positionOf(NodeId node) const override;
    int childCount(NodeId node) const override;

private:
    // Node ids: 1 + Group for the groups, leafNode for listeners and routes, firstHostNode + a
    // stable per-host number for hosts (stable while hosts are inserted or removed around it).
    static constexpr NodeId leafNode = 3;
    static constexpr NodeId firstHostNode = 16;

    void rebuild();
    int hostRow(NodeId node) const;
    QModelIndex hostIndex(int row) const;
    QModelIndex parentIndexFor(ItemRef ref) const;
    void onAboutToInsert(ItemRef ref);
    void onInserted(ItemRef ref);
    void onAboutToRemove(ItemRef ref);
    void onRemoved(ItemRef ref);
    void onChanged(ItemRef ref);

    TopologyDocument *m_document;
    QList<quintptr> m_hostIds; // parallel to Topology::hosts
    QList<int> m_routeCounts;  // what the views were told, parallel to Topology::hosts
    int m_listenerCount = 0;
    quintptr m_nextHostId = 0;
    mutable QHash<quintptr, int> m_rowByHostId;
    mutable bool m_rowByHostIdValid = false;
};

} // namespace ingress
