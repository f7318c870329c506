#pragma once

#include "model/items/refactoring.h"

#include <QDialog>

class QPushButton;
class QTreeWidget;

namespace ingress::ui {

// The preview before a rename rewrites every usage of an item, or before a delete leaves
// usages naming nothing (design notes 17, as Qt Creator's refactorings do): what changes,
// where, and a way out.
class RefactoringDialog : public QDialog {
    Q_OBJECT
public:
    explicit RefactoringDialog(const Refactoring &refactoring, QWidget *parent = nullptr);

    QTreeWidget *changes() const { return m_changes; }
    QPushButton *acceptButton() const { return m_accept; }

private:
    QTreeWidget *m_changes;
    QPushButton *m_accept;
};

} // namespace ingress::ui
