#include "model/items/servicestablemodel.h"

#include "model/items/documenteditor.h"
#include "model/items/itemroles.h"
#include "model/items/topologydocument.h"
#include "model/topology/enums.h"

#include <QStringList>

namespace ingress {

ServicesTableModel::ServicesTableModel(TopologyDocument *document, QObject *parent)
    : QAbstractTableModel(parent), m_document(document) {
    connect(document, &TopologyDocument::itemAboutToBeInserted, this, [this](ItemRef ref) {
        if (ref.kind == ItemKind::Service)
            beginInsertRows({}, ref.row, ref.row);
    });
    connect(document, &TopologyDocument::itemInserted, this, [this](ItemRef ref) {
        if (ref.kind == ItemKind::Service)
            endInsertRows();
    });
    connect(document, &TopologyDocument::itemAboutToBeRemoved, this, [this](ItemRef ref) {
        if (ref.kind == ItemKind::Service)
            beginRemoveRows({}, ref.row, ref.row);
    });
    connect(document, &TopologyDocument::itemRemoved, this, [this](ItemRef ref) {
        if (ref.kind == ItemKind::Service)
            endRemoveRows();
    });
    connect(document, &TopologyDocument::itemChanged, this, [this](ItemRef ref) {
        if (ref.kind == ItemKind::Service)
            Q_EMIT dataChanged(index(ref.row, 0), index(ref.row, ColumnCount - 1));
    });
    connect(document, &TopologyDocument::aboutToReset, this, [this] { beginResetModel(); });
    connect(document, &TopologyDocument::wasReset, this, [this] { endResetModel(); });
}

int ServicesTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_document->topology().services.size());
}

int ServicesTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ServicesTableModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Service &s = m_document->topology().services.at(index.row());
    switch (role) {
    case ItemRefRole:
        return QVariant::fromValue(ItemRef::service(index.row()));
    case ItemKindRole:
        return int(ItemKind::Service);
    case ItemNameRole:
        return s.name;
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (Column(index.column())) {
        case NameColumn:
            return s.name;
        case NamespaceColumn:
            return role == Qt::EditRole ? s.nameSpace : s.effectiveNamespace();
        case TypeColumn:
            return toString(s.type);
        case PortColumn:
            return s.port;
        case BalancingColumn:
            return toString(s.loadBalancing);
        case EndpointsColumn: {
            QStringList parts;
            for (const Endpoint &e : s.endpoints)
                parts << (e.weight == 1
                              ? e.address
                              : QStringLiteral("%1 \u00d7%2").arg(e.address).arg(e.weight));
            return parts.join(QLatin1String(", "));
        }
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == EndpointsColumn)
            return tr("%n endpoint(s)%1", nullptr, int(s.endpoints.size()))
                .arg(s.healthCheck ? tr(", health check on %1").arg(s.healthCheck->path)
                                   : QString());
        if (index.column() == TypeColumn && s.nodePort)
            return tr("Node port %1").arg(*s.nodePort);
        break;
    default:
        break;
    }
    return {};
}

bool ServicesTableModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (role != Qt::EditRole ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    Service s = m_document->topology().services.at(index.row());
    const QString text = value.toString().trimmed();
    switch (Column(index.column())) {
    case NameColumn:
        if (text.isEmpty())
            return false;
        s.name = text;
        break;
    case NamespaceColumn:
        s.nameSpace = text == QLatin1String("default") ? QString() : text;
        break;
    case TypeColumn: {
        const auto type = enumFromString<ServiceType>(text);
        if (!type)
            return false;
        s.type = *type;
        break;
    }
    case PortColumn: {
        bool ok = false;
        const int port = value.toInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return false;
        s.port = port;
        break;
    }
    case BalancingColumn: {
        const auto balancing = enumFromString<LoadBalancing>(text);
        if (!balancing)
            return false;
        s.loadBalancing = *balancing;
        break;
    }
    case EndpointsColumn:
    case ColumnCount:
        return false;
    }
    DocumentEditor(m_document).replace(ItemRef::service(index.row()), s);
    return true;
}

Qt::ItemFlags ServicesTableModel::flags(const QModelIndex &index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() != EndpointsColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant ServicesTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    static const char *const names[] = {QT_TR_NOOP("Name"),           QT_TR_NOOP("Namespace"),
                                        QT_TR_NOOP("Type"),           QT_TR_NOOP("Port"),
                                        QT_TR_NOOP("Load balancing"), QT_TR_NOOP("Endpoints")};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace ingress
