#pragma once

#include <functional>
#include <QMessageBox>
#include <QString>

class QWidget;

namespace ingress {
struct Refactoring;
}

namespace ingress::ui {

// The questions DocumentController (and the document's edits) ask the user. Dialogs by default;
// tests put answers in.
struct DocumentPrompter {
    // Save / Discard / Cancel for unsaved changes in `documentName`.
    std::function<QMessageBox::StandardButton(const QString &documentName)> askToSave;
    std::function<QString()> openPath;                          // empty: cancelled
    std::function<QString(const QString &suggestion)> savePath; // empty: cancelled
    std::function<void(const QString &title, const QString &text)> showError;
    // The preview of a rename that rewrites usages, or of a delete that leaves them dangling;
    // true: go ahead.
    std::function<bool(const Refactoring &)> confirmRefactoring;

    static DocumentPrompter dialogs(QWidget *parent);
};

} // namespace ingress::ui
