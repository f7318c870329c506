#include "ui/dialogs/refactoringdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ingress::ui {

RefactoringDialog::RefactoringDialog(const Refactoring &refactoring, QWidget *parent)
    : QDialog(parent), m_changes(new QTreeWidget(this)) {
    setObjectName(QStringLiteral("refactoringDialog"));
    const bool rename = refactoring.kind == Refactoring::Kind::Rename;
    const int count = int(refactoring.usages.size());
    auto *text = new QLabel(this);
    text->setWordWrap(true);
    if (rename) {
        setWindowTitle(tr("Rename %1").arg(refactoring.noun));
        text->setText(tr("Renaming %1 <b>%2</b> to <b>%3</b> also changes %n place(s) that "
                         "name it:",
                         nullptr, count)
                          .arg(refactoring.noun, refactoring.name.toHtmlEscaped(),
                               refactoring.newName.toHtmlEscaped()));
    } else {
        setWindowTitle(tr("Delete %1").arg(refactoring.noun));
        text->setText(tr("%1 <b>%2</b> is used in %n place(s). After the delete they name a %1 "
                         "that does not exist, and the Problems panel lists each:",
                         nullptr, count)
                          .arg(refactoring.noun, refactoring.name.toHtmlEscaped()));
    }
    m_changes->setObjectName(QStringLiteral("refactoringChanges"));
    m_changes->setRootIsDecorated(false);
    m_changes->setHeaderLabels(rename ? QStringList{tr("Where"), tr("Field"), tr("Change")}
                                      : QStringList{tr("Where"), tr("Field")});
    for (const Usage &usage : refactoring.usages) {
        QStringList columns{usage.description, usage.field};
        if (rename)
            columns << QStringLiteral("%1 \u2192 %2").arg(refactoring.name, refactoring.newName);
        m_changes->addTopLevelItem(new QTreeWidgetItem(columns));
    }
    m_changes->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_accept = buttons->addButton(rename ? tr("&Rename All") : tr("&Delete Anyway"),
                                  QDialogButtonBox::AcceptRole);
    m_accept->setObjectName(QStringLiteral("refactoringAccept"));
    // Enter renames; a delete that breaks usages must be chosen, not fallen into.
    m_accept->setDefault(rename);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(!rename);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(m_changes, 1);
    layout->addWidget(buttons);
    resize(560, 320);
}

} // namespace ingress::ui
