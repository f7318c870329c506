#include "model/items/treemodelbase.h"

namespace ingress {

QModelIndex TreeModelBase::index(int row, int column, const QModelIndex &parent) const {
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column, nodeOf(parent));
}

QModelIndex TreeModelBase::parent(const QModelIndex &child) const {
    if (!child.isValid() || child.internalId() == rootNode)
        return {};
    return indexOfNode(child.internalId());
}

int TreeModelBase::rowCount(const QModelIndex &parent) const {
    if (parent.column() > 0)
        return 0;
    return childCount(nodeOf(parent));
}

bool TreeModelBase::hasChildren(const QModelIndex &parent) const {
    return rowCount(parent) > 0;
}

TreeModelBase::NodeId TreeModelBase::nodeOf(const QModelIndex &index) const {
    if (!index.isValid())
        return rootNode;
    return childNode(index.internalId(), index.row());
}

QModelIndex TreeModelBase::indexOfNode(NodeId node, int column) const {
    if (node == rootNode)
        return {};
    const Position position = positionOf(node);
    return createIndex(position.row, column, position.parent);
}

} // namespace ingress
