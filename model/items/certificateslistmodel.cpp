#include "model/items/certificateslistmodel.h"

#include "model/items/documenteditor.h"
#include "model/items/itemroles.h"
#include "model/items/topologydocument.h"

namespace ingress {

CertificatesListModel::CertificatesListModel(TopologyDocument *document, QObject *parent)
    : QAbstractListModel(parent), m_document(document) {
    connect(document, &TopologyDocument::itemAboutToBeInserted, this, [this](ItemRef ref) {
        if (ref.kind == ItemKind::Certificate)
            beginInsertRows({}, ref.row, ref.row);
    });
    connect(document, &TopologyDocument::itemInserted, this, [this](ItemRef ref) {
        if (ref.kind == ItemKind::Certificate)
            endInsertRows();
    });
    connect(document, &TopologyDocument::itemAboutToBeRemoved, this, [this](ItemRef ref) {
        if (ref.kind == ItemKind::Certificate)
            beginRemoveRows({}, ref.row, ref.row);
    });
    connect(document, &TopologyDocument::itemRemoved, this, [this](ItemRef ref) {
        if (ref.kind == ItemKind::Certificate)
            endRemoveRows();
    });
    connect(document, &TopologyDocument::itemChanged, this, [this](ItemRef ref) {
        if (ref.kind == ItemKind::Certificate)
            Q_EMIT dataChanged(index(ref.row), index(ref.row));
    });
    connect(document, &TopologyDocument::aboutToReset, this, [this] { beginResetModel(); });
    connect(document, &TopologyDocument::wasReset, this, [this] { endResetModel(); });
}

int CertificatesListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_document->topology().certificates.size());
}

QVariant CertificatesListModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Certificate &c = m_document->topology().certificates.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
    case ItemNameRole:
        return c.name;
    case Qt::ToolTipRole:
        return tr("%1\nPrivate key: %2")
            .arg(c.certificate, c.keyInKeychain() ? tr("in the OS keychain") : c.privateKey);
    case ItemRefRole:
        return QVariant::fromValue(ItemRef::certificate(index.row()));
    case ItemKindRole:
        return int(ItemKind::Certificate);
    default:
        return {};
    }
}

bool CertificatesListModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    const QString name = value.toString().trimmed();
    if (role != Qt::EditRole || name.isEmpty() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    Certificate c = m_document->topology().certificates.at(index.row());
    c.name = name;
    DocumentEditor(m_document).replace(ItemRef::certificate(index.row()), c);
    return true;
}

Qt::ItemFlags CertificatesListModel::flags(const QModelIndex &index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable | Qt::ItemNeverHasChildren;
}

} // namespace ingress
