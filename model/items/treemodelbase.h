#pragma once

#include <QAbstractItemModel>

namespace ingress {

// index/parent/rowCount for tree models over a document whose nodes have no pointers: each
// index stores the id of its *parent* node (so rows may shift under persistent indexes), and
// subclasses say how ids relate. Node ids are the subclass's business; 0 is the root.
class TreeModelBase : public QAbstractItemModel {
    Q_OBJECT
public:
    using QAbstractItemModel::QAbstractItemModel;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;

protected:
    using NodeId = quintptr;
    static constexpr NodeId rootNode = 0;

    struct Position {
        NodeId parent;
        int row;
    };

    // Id of the `row`-th child of `parent`.
    virtual NodeId childNode(NodeId parent, int row) const = 0;
    // Where a node that has children sits (never asked for the root or leaves).
    virtual Position positionOf(NodeId node) const = 0;
    virtual int childCount(NodeId node) const = 0;

    NodeId nodeOf(const QModelIndex &index) const;
    QModelIndex indexOfNode(NodeId node, int column = 0) const;
};

} // namespace ingress
