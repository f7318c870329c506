#pragma once

#include "model/topology/itemref.h"

#include <QTimer>
#include <QWidget>

class QLineEdit;
class QTreeView;

namespace ingress {
class TopologyDocument;
class TopologyTreeModel;
} // namespace ingress

namespace ingress::ui {

class DecoratedFilterModel;
class SelectionHub;

// The "Topology" dock: a filter box over the listeners / hosts / routes tree. The current row
// and the SelectionHub follow each other.
class TopologyTreePanel : public QWidget {
    Q_OBJECT
public:
    TopologyTreePanel(TopologyDocument *document, SelectionHub *selection,
                      QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    TopologyTreeModel *model() const { return m_model; }
    DecoratedFilterModel *proxy() const { return m_proxy; }

    // Filtering opens at most this many matching hosts (see expandMatches()).
    static constexpr int maxExpandedMatches = 200;

private:
    void showCurrent(ItemRef ref);
    void expandMatches();

    TopologyTreeModel *m_model;
    DecoratedFilterModel *m_proxy;
    SelectionHub *m_selection;
    QLineEdit *m_filter;
    QTreeView *m_view;
    QTimer m_filterDelay;
};

} // namespace ingress::ui
