#include "model/items/topologytreemodel.h"

#include "model/items/documenteditor.h"
#include "model/items/itemroles.h"
#include "model/items/topologydocument.h"
#include "model/topology/backendstext.h"
#include "model/topology/enums.h"

namespace ingress {

TopologyTreeModel::TopologyTreeModel(TopologyDocument *document, QObject *parent)
    : TreeModelBase(parent), m_document(document) {
    rebuild();
    connect(document, &TopologyDocument::itemAboutToBeInserted, this,
            &TopologyTreeModel::onAboutToInsert);
    connect(document, &TopologyDocument::itemInserted, this, &TopologyTreeModel::onInserted);
    connect(document, &TopologyDocument::itemAboutToBeRemoved, this,
            &TopologyTreeModel::onAboutToRemove);
    connect(document, &TopologyDocument::itemRemoved, this, &TopologyTreeModel::onRemoved);
    connect(document, &TopologyDocument::itemChanged, this, &TopologyTreeModel::onChanged);
    connect(document, &TopologyDocument::aboutToReset, this, [this] { beginResetModel(); });
    connect(document, &TopologyDocument::wasReset, this, [this] {
        rebuild();
        endResetModel();
    });
}

void TopologyTreeModel::rebuild() {
    const Topology &t = m_document->topology();
    m_listenerCount = int(t.listeners.size());
    m_hostIds.clear();
    m_routeCounts.clear();
    m_hostIds.reserve(t.hosts.size());
    m_routeCounts.reserve(t.hosts.size());
    for (const VirtualHost &host : t.hosts) {
        m_hostIds.append(m_nextHostId++);
        m_routeCounts.append(int(host.routes.size()));
    }
    m_rowByHostIdValid = false;
}

int TopologyTreeModel::hostRow(NodeId node) const {
    if (!m_rowByHostIdValid) {
        // Rebuilt lazily once per structural change: parent() is hot, inserts are rare.
        m_rowByHostId.clear();
        m_rowByHostId.reserve(m_hostIds.size());
        for (int row = 0; row < m_hostIds.size(); ++row)
            m_rowByHostId.insert(m_hostIds.at(row), row);
        m_rowByHostIdValid = true;
    }
    return m_rowByHostId.value(node - firstHostNode, -1);
}

TreeModelBase::NodeId TopologyTreeModel::childNode(NodeId parent, int row) const {
    if (parent == rootNode)
        return 1 + NodeId(row);
    if (parent == 1 + HostsGroup)
        return firstHostNode + m_hostIds.at(row);
    return leafNode;
}

TreeModelBase::Position TopologyTreeModel::positionOf(NodeId node) const {
    if (node < firstHostNode)
        return {rootNode, int(node - 1)};
    return {1 + HostsGroup, hostRow(node)};
}

int TopologyTreeModel::childCount(NodeId node) const {
    if (node == rootNode)
        return GroupCount;
    if (node == 1 + ListenersGroup)
        return m_listenerCount;
    if (node == 1 + HostsGroup)
        return int(m_hostIds.size());
    if (node >= firstHostNode) {
        const int row = hostRow(node);
        return row < 0 ? 0 : m_routeCounts.at(row);
    }
    return 0;
}

int TopologyTreeModel::columnCount(const QModelIndex &) const {
    return ColumnCount;
}

ItemRef TopologyTreeModel::refFor(const QModelIndex &index) const {
    if (!index.isValid() || index.model() != this)
        return {};
    const NodeId parent = index.internalId();
    if (parent == 1 + ListenersGroup)
        return ItemRef::listener(index.row());
    if (parent == 1 + HostsGroup)
        return ItemRef::virtualHost(index.row());
    if (parent >= firstHostNode)
        return ItemRef::route(hostRow(parent), index.row());
    return {};
}

QModelIndex TopologyTreeModel::groupIndex(Group group) const {
    return createIndex(int(group), 0, rootNode);
}

QModelIndex TopologyTreeModel::hostIndex(int row) const {
    return createIndex(row, 0, 1 + HostsGroup);
}

QModelIndex TopologyTreeModel::indexFor(ItemRef ref, int column) const {
    if (!m_document->contains(ref))
        return {};
    switch (ref.kind) {
    case ItemKind::Listener:
        return createIndex(ref.row, column, 1 + ListenersGroup);
    case ItemKind::Host:
        return createIndex(ref.row, column, 1 + HostsGroup);
    case ItemKind::Route:
        return createIndex(ref.row, column, firstHostNode + m_hostIds.at(ref.host));
    default:
        return {};
    }
}

QModelIndex TopologyTreeModel::parentIndexFor(ItemRef ref) const {
    switch (ref.kind) {
    case ItemKind::Listener:
        return groupIndex(ListenersGroup);
    case ItemKind::Host:
        return groupIndex(HostsGroup);
    case ItemKind::Route:
        return hostIndex(ref.host);
    default:
        return {};
    }
}

QVariant TopologyTreeModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Topology &t = m_document->topology();
    if (index.internalId() == rootNode) {
        if (role == Qt::DisplayRole && index.column() == NameColumn)
            return index.row() == ListenersGroup ? tr("Listeners") : tr("Virtual hosts");
        if (role == Qt::DisplayRole && index.column() == DetailsColumn)
            return QString::number(index.row() == ListenersGroup ? t.listeners.size()
                                                                 : t.hosts.size());
        return {};
    }
    const ItemRef ref = refFor(index);
    if (role == ItemRefRole)
        return QVariant::fromValue(ref);
    if (role == ItemKindRole)
        return int(ref.kind);
    const bool display = role == Qt::DisplayRole || role == Qt::EditRole;
    switch (ref.kind) {
    case ItemKind::Listener: {
        const Listener &l = t.listeners.at(ref.row);
        if (role == ItemNameRole || (display && index.column() == NameColumn))
            return l.name;
        if (display)
            return QStringLiteral("%1 (%2)").arg(l.bind, toString(l.protocol));
        if (role == Qt::ToolTipRole)
            return tr("Listener %1 on %2").arg(l.name, l.bind);
        break;
    }
    case ItemKind::Host: {
        const VirtualHost &h = t.hosts.at(ref.row);
        if (role == ItemNameRole || (display && index.column() == NameColumn))
            return h.host;
        if (display) {
            QString details = tr("%n route(s)", nullptr, int(h.routes.size()));
            if (!h.tls.isEmpty())
                details += tr(", TLS %1").arg(h.tls);
            return details;
        }
        if (role == Qt::ToolTipRole)
            return h.tls.isEmpty() ? tr("Virtual host %1 (plain HTTP)").arg(h.host)
                                   : tr("Virtual host %1, TLS with %2").arg(h.host, h.tls);
        break;
    }
    case ItemKind::Route: {
        const Route &r = t.hosts.at(ref.host).routes.at(ref.row);
        const RouteMatchRule &m = r.firstMatch();
        // A route with several matches is named by its first, with how many more it has.
        const QString more =
            r.matches.size() > 1 ? tr(" (+%1)").arg(r.matches.size() - 1) : QString();
        if (role == ItemNameRole)
            return t.hosts.at(ref.host).host + u' ' + m.path;
        if (display && index.column() == NameColumn)
            return m.path + more;
        if (display) {
            const QString target = r.redirect             ? tr("redirect %1").arg(r.redirect->code)
                                   : r.backends.isEmpty() ? r.service
                                                          : backendstext::format(r.backends);
            return QStringLiteral("%1 \u2192 %2").arg(toString(m.pathType), target);
        }
        if (role == Qt::ToolTipRole)
            return tr("%1 match on %2, served by %3")
                .arg(toString(m.pathType), m.path + more,
                     r.hasBackend() ? r.serviceNames().join(QStringLiteral(", "))
                                    : tr("a redirect"));
        break;
    }
    default:
        break;
    }
    return {};
}

bool TopologyTreeModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (role != Qt::EditRole || index.column() != NameColumn)
        return false;
    const ItemRef ref = refFor(index);
    const QString text = value.toString().trimmed();
    if (text.isEmpty() || !m_document->contains(ref))
        return false;
    DocumentEditor editor(m_document);
    switch (ref.kind) {
    case ItemKind::Listener: {
        Listener l = m_document->item<Listener>(ref);
        l.name = text;
        editor.replace(ref, l);
        return true;
    }
    case ItemKind::Host: {
        VirtualHost h = m_document->item<VirtualHost>(ref);
        h.host = text;
        editor.replace(ref, h);
        return true;
    }
    case ItemKind::Route: {
        Route r = m_document->item<Route>(ref);
        r.firstMatch().path = text;
        editor.replace(ref, r);
        return true;
    }
    default:
        return false;
    }
}

Qt::ItemFlags TopologyTreeModel::flags(const QModelIndex &index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.internalId() != rootNode && index.column() == NameColumn)
        f |= Qt::ItemIsEditable;
    if (index.internalId() == 1 + ListenersGroup ||
        (index.internalId() == 1 + HostsGroup && m_routeCounts.at(index.row()) == 0) ||
        index.internalId() >= firstHostNode)
        f |= Qt::ItemNeverHasChildren;
    return f;
}

QVariant TopologyTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Name") : tr("Details");
}

void TopologyTreeModel::onAboutToInsert(ItemRef ref) {
    if (ref.kind == ItemKind::Listener || ref.kind == ItemKind::Host || ref.kind == ItemKind::Route)
        beginInsertRows(parentIndexFor(ref), ref.row, ref.row);
}

void TopologyTreeModel::onInserted(ItemRef ref) {
    switch (ref.kind) {
    case ItemKind::Listener:
        ++m_listenerCount;
        break;
    case ItemKind::Host:
        m_hostIds.insert(ref.row, m_nextHostId++);
        m_routeCounts.insert(ref.row, int(m_document->topology().hosts.at(ref.row).routes.size()));
        m_rowByHostIdValid = false;
        break;
    case ItemKind::Route:
        ++m_routeCounts[ref.host];
        break;
    default:
        return;
    }
    endInsertRows();
    if (ref.kind == ItemKind::Route) // the host's route count
        Q_EMIT dataChanged(hostIndex(ref.host).siblingAtColumn(DetailsColumn),
                           hostIndex(ref.host).siblingAtColumn(DetailsColumn));
}

void TopologyTreeModel::onAboutToRemove(ItemRef ref) {
    if (ref.kind == ItemKind::Listener || ref.kind == ItemKind::Host || ref.kind == ItemKind::Route)
        beginRemoveRows(parentIndexFor(ref), ref.row, ref.row);
}

void TopologyTreeModel::onRemoved(ItemRef ref) {
    switch (ref.kind) {
    case ItemKind::Listener:
        --m_listenerCount;
        break;
    case ItemKind::Host:
        m_hostIds.removeAt(ref.row);
        m_routeCounts.removeAt(ref.row);
        m_rowByHostIdValid = false;
        break;
    case ItemKind::Route:
        --m_routeCounts[ref.host];
        break;
    default:
        return;
    }
    endRemoveRows();
    if (ref.kind == ItemKind::Route)
        Q_EMIT dataChanged(hostIndex(ref.host).siblingAtColumn(DetailsColumn),
                           hostIndex(ref.host).siblingAtColumn(DetailsColumn));
}

void TopologyTreeModel::onChanged(ItemRef ref) {
    if (ref.kind == ItemKind::Host) {
        // A replaced host may come with a different list of routes (undo of a bulk edit).
        const QModelIndex host = hostIndex(ref.row);
        const int now = int(m_document->topology().hosts.at(ref.row).routes.size());
        int &told = m_routeCounts[ref.row];
        if (now < told) {
            beginRemoveRows(host, now, told - 1);
            told = now;
            endRemoveRows();
        } else if (now > told) {
            beginInsertRows(host, told, now - 1);
            told = now;
            endInsertRows();
        }
        if (now > 0)
            Q_EMIT dataChanged(index(0, NameColumn, host), index(now - 1, DetailsColumn, host));
    }
    if (ref.kind == ItemKind::Listener || ref.kind == ItemKind::Host ||
        ref.kind == ItemKind::Route) {
        const QModelIndex first = indexFor(ref, NameColumn);
        Q_EMIT dataChanged(first, first.siblingAtColumn(DetailsColumn));
    }
}

} // namespace ingress
