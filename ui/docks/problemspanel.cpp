#include "ui/docks/problemspanel.h"

#include "model/items/itemroles.h"
#include "model/items/problemsmodel.h"
#include "ui/icons.h"
#include "ui/selectionhub.h"

#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QStackedLayout>
#include <QTableView>

namespace ingress::ui {

namespace {
// Severity icons in the first column.
class SeverityIconModel : public QIdentityProxyModel {
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role) const override {
        if (role == Qt::DecorationRole && index.column() == ProblemsModel::SeverityColumn) {
            switch (Severity(QIdentityProxyModel::data(index, SeverityRole).toInt())) {
            case Severity::Error:
                return icon(QStringLiteral("error"));
            case Severity::Warning:
                return icon(QStringLiteral("warning"));
            case Severity::Info:
                return icon(QStringLiteral("info"));
            }
        }
        return QIdentityProxyModel::data(index, role);
    }
};
} // namespace

ProblemsPanel::ProblemsPanel(TopologyDocument *document, SelectionHub *selection, QWidget *parent)
    : QWidget(parent), m_model(new ProblemsModel(document, this)), m_view(new QTableView(this)),
      m_empty(new QLabel(tr("No problems: the topology is valid."), this)) {
    auto *decorated = new SeverityIconModel(this);
    decorated->setSourceModel(m_model);
    m_view->setObjectName(QStringLiteral("problemsView"));
    m_view->setModel(decorated);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(ProblemsModel::MessageColumn,
                                                     QHeaderView::Stretch);
    m_view->setWordWrap(false);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setEnabled(false);

    auto *stack = new QStackedLayout(this);
    stack->addWidget(m_view);
    stack->addWidget(m_empty);
    const auto update = [this, stack] {
        stack->setCurrentWidget(m_model->rowCount() ? static_cast<QWidget *>(m_view) : m_empty);
        Q_EMIT summaryChanged(summary());
    };
    connect(m_model, &QAbstractItemModel::modelReset, this, update);
    update();

    connect(m_view, &QAbstractItemView::doubleClicked, this, [selection](const QModelIndex &index) {
        selection->setCurrent(index.data(ItemRefRole).value<ItemRef>());
    });
}

QString ProblemsPanel::summary() const {
    const int errors = m_model->errorCount();
    const int warnings = m_model->warningCount();
    if (!errors && !warnings)
        return tr("No problems");
    return tr("%n error(s)", nullptr, errors) + QStringLiteral(", ") +
           tr("%n warning(s)", nullptr, warnings);
}

} // namespace ingress::ui
