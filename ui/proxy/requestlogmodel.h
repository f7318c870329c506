#pragma once

#include "proxy/accesslogentry.h"

#include <deque>
#include <QAbstractTableModel>

namespace ingress::ui {

// The last requests the proxy served in the order they arrived (by AccessLogEntry::time), newest
// last, bounded (oldest dropped). Fed in per-worker batches that overlap in time; while paused new
// entries wait aside (bounded too) so that the table holds still to be read.
class RequestLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        ClientColumn,
        MethodColumn,
        HostColumn,
        TargetColumn,
        StatusColumn,
        ServiceColumn,
        EndpointColumn,
        DurationColumn,
        ColumnCount
    };

    explicit RequestLogModel(int capacity = 5000, QObject *parent = nullptr);

    void append(const QList<proxy::AccessLogEntry> &entries);
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    int pendingCount() const { return int(m_pending.size()); }
    void clear();
    // The whole entry behind a row (0 <= row < rowCount()), for the request's details.
    const proxy::AccessLogEntry &entry(int row) const { return m_rows[std::size_t(row)]; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void show(std::deque<proxy::AccessLogEntry> entries);

    int m_capacity;
    bool m_paused = false;
    std::deque<proxy::AccessLogEntry> m_rows;
    std::deque<proxy::AccessLogEntry> m_pending;
};

} // namespace ingress::ui
