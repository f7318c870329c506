#include "model/items/problemsmodel.h"

#include "model/items/culpritlocator.h"
#include "model/items/itemroles.h"
#include "model/items/topologydocument.h"

#include <algorithm>
#include <QFileInfo>

namespace ingress {

ProblemsModel::ProblemsModel(TopologyDocument *document, QObject *parent)
    : QAbstractTableModel(parent), m_document(document) {
    connect(document, &TopologyDocument::diagnosticsChanged, this, &ProblemsModel::refresh);
    refresh();
}

void ProblemsModel::refresh() {
    // A reset: diagnostics are recomputed as a whole and have no identity to track.
    beginResetModel();
    m_diagnostics = m_document->diagnostics();
    std::stable_sort(
        m_diagnostics.begin(), m_diagnostics.end(),
        [](const Diagnostic &a, const Diagnostic &b) { return int(a.severity) < int(b.severity); });
    endResetModel();
}

int ProblemsModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_diagnostics.size());
}

int ProblemsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

int ProblemsModel::errorCount() const {
    return int(std::count_if(m_diagnostics.cbegin(), m_diagnostics.cend(),
                             [](const Diagnostic &d) { return d.severity == Severity::Error; }));
}

int ProblemsModel::warningCount() const {
    return int(std::count_if(m_diagnostics.cbegin(), m_diagnostics.cend(),
                             [](const Diagnostic &d) { return d.severity == Severity::Warning; }));
}

QVariant ProblemsModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Diagnostic &d = m_diagnostics.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case SeverityColumn:
            return severityName(d.severity);
        case MessageColumn:
            return d.message;
        case LocationColumn:
            if (!d.location.isValid())
                return QString();
            return QStringLiteral("%1:%2:%3")
                .arg(QFileInfo(d.file).fileName())
                .arg(d.location.line)
                .arg(d.location.column);
        case RuleColumn:
            return d.ruleId;
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        return d.toString();
    case SeverityRole:
        return int(d.severity);
    case ItemRefRole:
        return QVariant::fromValue(locateCulprit(m_document->topology(), d));
    default:
        break;
    }
    return {};
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case SeverityColumn:
        return tr("Severity");
    case MessageColumn:
        return tr("Problem");
    case LocationColumn:
        return tr("Location");
    case RuleColumn:
        return tr("Rule");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace ingress
