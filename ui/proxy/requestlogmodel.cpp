#include "requestlogmodel.h"

#include <QColor>

namespace ingress::ui {

RequestLogModel::RequestLogModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent), m_capacity(capacity) {
}

void RequestLogModel::append(const QList<proxy::AccessLogEntry> &entries) {
    if (entries.isEmpty())
        return;
    if (m_paused) {
        m_pending.insert(m_pending.end(), entries.cbegin(), entries.cend());
        while (int(m_pending.size()) > m_capacity)
            m_pending.pop_front();
        return;
    }
    show(std::deque<proxy::AccessLogEntry>(entries.cbegin(), entries.cend()));
}

void RequestLogModel::show(const std::deque<proxy::AccessLogEntry> &entries) {
    std::size_t skip = 0;
    if (int(entries.size()) > m_capacity)
        skip = entries.size() - std::size_t(m_capacity);
    const int incoming = int(entries.size() - skip);
    const int overflow = int(m_rows.size()) + incoming - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + overflow);
        endRemoveRows();
    }
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size()) + incoming - 1);
    m_rows.insert(m_rows.end(), entries.begin() + qsizetype(skip), entries.end());
    endInsertRows();
}

void RequestLogModel::setPaused(bool paused) {
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (!paused && !m_pending.empty()) {
        show(m_pending);
        m_pending.clear();
    }
}

void RequestLogModel::clear() {
    beginResetModel();
    m_rows.clear();
    m_pending.clear();
    endResetModel();
}

int RequestLogModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RequestLogModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const proxy::AccessLogEntry &e = m_rows[std::size_t(index.row())];
    if (role == Qt::ForegroundRole && index.column() == StatusColumn) {
        if (e.status >= 500)
            return QColor(0xe5, 0x3e, 0x3e);
        if (e.status >= 400)
            return QColor(0xd6, 0x9e, 0x2e);
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case TimeColumn:
        return e.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case ClientColumn:
        return e.clientAddress;
    case MethodColumn:
        return QString::fromLatin1(e.method);
    case HostColumn:
        return QString::fromLatin1(e.host);
    case TargetColumn:
        return QString::fromLatin1(e.target);
    case StatusColumn:
        return e.status;
    case ServiceColumn:
        return e.service.isEmpty() ? tr("(proxy)") : e.service;
    case EndpointColumn:
        return e.endpoint;
    case DurationColumn:
        return QStringLiteral("%1 ms").arg(double(e.durationUs) / 1000.0, 0, 'f', 1);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const names[] = {
        QT_TR_NOOP("Time"),    QT_TR_NOOP("Client"),   QT_TR_NOOP("Method"),
        QT_TR_NOOP("Host"),    QT_TR_NOOP("Target"),   QT_TR_NOOP("Status"),
        QT_TR_NOOP("Service"), QT_TR_NOOP("Endpoint"), QT_TR_NOOP("Duration")};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace ingress::ui
