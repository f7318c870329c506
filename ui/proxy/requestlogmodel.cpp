#include "ui/proxy/requestlogmodel.h"

#include <algorithm>
#include <QColor>
#include <utility>

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

void RequestLogModel::show(std::deque<proxy::AccessLogEntry> entries) {
    // Workers hand over their entries in per-worker batches on a timer, so a batch may hold
    // requests older than rows already shown: sort it (stable, so equal times keep their
    // arrival order) and merge it in, newest last.
    const auto earlier = [](const proxy::AccessLogEntry &a, const proxy::AccessLogEntry &b) {
        return a.time < b.time;
    };
    std::stable_sort(entries.begin(), entries.end(), earlier);
    if (int(entries.size()) > m_capacity)
        entries.erase(entries.begin(), entries.end() - m_capacity);
    // Insert runs of entries that land at the same place with one signal each, so views and
    // persistent indexes (the selected row) follow; the common case is one run at the end.
    auto next = entries.begin();
    std::size_t from = 0;
    while (next != entries.end()) {
        const std::size_t at = std::size_t(
            std::upper_bound(m_rows.begin() + qsizetype(from), m_rows.end(), *next, earlier) -
            m_rows.begin());
        auto runEnd = next + 1;
        if (at < m_rows.size())
            while (runEnd != entries.end() && earlier(*runEnd, m_rows[at]))
                ++runEnd;
        else
            runEnd = entries.end();
        const int count = int(runEnd - next);
        beginInsertRows({}, int(at), int(at) + count - 1);
        m_rows.insert(m_rows.begin() + qsizetype(at), next, runEnd);
        endInsertRows();
        from = at + std::size_t(count);
        next = runEnd;
    }
    const int overflow = int(m_rows.size()) - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + overflow);
        endRemoveRows();
    }
}

void RequestLogModel::setPaused(bool paused) {
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (!paused && !m_pending.empty()) {
        show(std::exchange(m_pending, {}));
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
