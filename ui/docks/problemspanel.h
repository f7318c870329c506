#pragma once

#include <QWidget>

class QTableView;
class QLabel;

namespace ingress {
class ProblemsModel;
class TopologyDocument;
} // namespace ingress

namespace ingress::ui {

class SelectionHub;

// The "Problems" dock: every diagnostic, errors first; double-click selects the culprit.
class ProblemsPanel : public QWidget {
    Q_OBJECT
public:
    ProblemsPanel(TopologyDocument *document, SelectionHub *selection, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    ProblemsModel *model() const { return m_model; }
    // "2 errors, 1 warning" for the status bar and the dock title.
    QString summary() const;

Q_SIGNALS:
    void summaryChanged(const QString &summary);

private:
    ProblemsModel *m_model;
    QTableView *m_view;
    QLabel *m_empty;
};

} // namespace ingress::ui
