#include "ui/docks/topologytreepanel.h"

#include "model/items/itemroles.h"
#include "model/items/topologydocument.h"
#include "model/items/topologytreemodel.h"
#include "ui/docks/decoratedfiltermodel.h"
#include "ui/selectionhub.h"

#include <algorithm>
#include <QHeaderView>
#include <QLineEdit>
#include <QTreeView>
#include <QVBoxLayout>

namespace ingress::ui {

TopologyTreePanel::TopologyTreePanel(TopologyDocument *document, SelectionHub *selection,
                                     QWidget *parent)
    : QWidget(parent), m_model(new TopologyTreeModel(document, this)),
      m_proxy(new DecoratedFilterModel(this)), m_selection(selection),
      m_filter(new QLineEdit(this)), m_view(new QTreeView(this)) {
    m_proxy->setSourceModel(m_model);
    // Names only: the details column is formatted text (route counts, targets), costly to build
    // for 40,000 rows per filter change, and not what the filter box offers to find.
    m_proxy->setFilterKeyColumn(TopologyTreeModel::NameColumn);
    m_filter->setPlaceholderText(tr("Filter hosts, routes, listeners (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setObjectName(QStringLiteral("topologyFilter"));
    m_view->setObjectName(QStringLiteral("topologyTree"));
    m_view->setModel(m_proxy);
    m_view->setUniformRowHeights(true); // keeps 10,000 rows cheap to lay out
    // F2 renames; a click on a selected row does not (it started renames nobody asked for,
    // which then took Ctrl+Z for themselves).
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_view->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_view->header()->resizeSection(0, 195);
    m_view->expandAll();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_filter);
    layout->addWidget(m_view);

    // Typing is not held up by re-filtering 10,000 hosts on every keystroke.
    m_filterDelay.setSingleShot(true);
    m_filterDelay.setInterval(150);
    connect(m_filter, &QLineEdit::textChanged, &m_filterDelay, qOverload<>(&QTimer::start));
    connect(&m_filterDelay, &QTimer::timeout, this, [this] {
        m_proxy->setFilterFixedString(m_filter->text());
        if (!m_filter->text().isEmpty())
            expandMatches();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                m_selection->setCurrent(current.data(ItemRefRole).value<ItemRef>());
            });
    connect(selection, &SelectionHub::currentChanged, this, &TopologyTreePanel::showCurrent);
    connect(document, &TopologyDocument::wasReset, this, [this] {
        // Expanding 10,000 hosts costs more than it helps.
        if (m_model->rowCount(m_model->groupIndex(TopologyTreeModel::HostsGroup)) < 500)
            m_view->expandAll();
        else
            m_view->expand(
                m_proxy->mapFromSource(m_model->groupIndex(TopologyTreeModel::HostsGroup)));
    });
}

void TopologyTreePanel::expandMatches() {
    // Not expandAll(): with 10,000 hosts matching that walks and lays out every one of them
    // (over 100 ms per keystroke pause). The groups open, and the hosts whose routes match open
    // up to a screenful or two; further ones open on a click.
    for (TopologyTreeModel::Group group :
         {TopologyTreeModel::ListenersGroup, TopologyTreeModel::HostsGroup})
        m_view->expand(m_proxy->mapFromSource(m_model->groupIndex(group)));
    const QModelIndex hosts =
        m_proxy->mapFromSource(m_model->groupIndex(TopologyTreeModel::HostsGroup));
    const int rows = std::min(m_proxy->rowCount(hosts), maxExpandedMatches);
    for (int row = 0; row < rows; ++row) {
        const QModelIndex host = m_proxy->index(row, 0, hosts);
        if (m_proxy->hasChildren(host))
            m_view->expand(host);
    }
}

void TopologyTreePanel::showCurrent(ItemRef ref) {
    const QModelIndex index = m_proxy->mapFromSource(m_model->indexFor(ref));
    if (index == m_view->currentIndex())
        return;
    if (!index.isValid()) {
        m_view->selectionModel()->clearCurrentIndex();
        m_view->clearSelection();
        return;
    }
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
}

} // namespace ingress::ui
