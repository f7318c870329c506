#include "ui/documentprompter.h"

#include "ui/dialogs/refactoringdialog.h"

#include <QFileDialog>
#include <QPointer>

namespace ingress::ui {

namespace {
const QString yamlFilter() {
    return QObject::tr("Topology files (*.yaml *.yml);;All files (*)");
}
} // namespace

DocumentPrompter DocumentPrompter::dialogs(QWidget *parent) {
    QPointer<QWidget> owner(parent);
    DocumentPrompter p;
    p.askToSave = [owner](const QString &name) {
        return QMessageBox::warning(
            owner, QObject::tr("Unsaved changes"),
            QObject::tr("%1 has changes that are not saved.\nSave them before closing?").arg(name),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    };
    p.openPath = [owner] {
        return QFileDialog::getOpenFileName(owner, QObject::tr("Open topology"), QString(),
                                            yamlFilter());
    };
    p.savePath = [owner](const QString &suggestion) {
        return QFileDialog::getSaveFileName(owner, QObject::tr("Save topology"), suggestion,
                                            yamlFilter());
    };
    p.showError = [owner](const QString &title, const QString &text) {
        QMessageBox::critical(owner, title, text);
    };
    p.confirmRefactoring = [owner](const Refactoring &refactoring) {
        RefactoringDialog dialog(refactoring, owner);
        return dialog.exec() == QDialog::Accepted;
    };
    return p;
}

} // namespace ingress::ui
