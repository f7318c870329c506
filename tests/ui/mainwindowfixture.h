#pragma once

// A MainWindow for tests: scripted answers instead of dialogs, autosave into a test folder,
// validation without delay, a keychain that has every key.

#include "model/items/topologydocument.h"
#include "ui/autosaver.h"
#include "ui/certificates/keychainchecker.h"
#include "ui/documentcontroller.h"
#include "ui/documentprompter.h"
#include "ui/mainwindow.h"

#include <memory>
#include <QMessageBox>
#include <QString>
#include <QStringList>

namespace ingress::ui::testing {

// Scripted answers instead of dialogs; counts how often the user would have been asked.
struct ScriptedPrompter {
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    QString savePath;
    QString openPath;
    int asked = 0;
    QStringList errors;
    bool refactoringAnswer = true; // rename previews and delete warnings
    int refactoringsAsked = 0;

    DocumentPrompter make() {
        DocumentPrompter p;
        p.askToSave = [this](const QString &) {
            ++asked;
            return answer;
        };
        p.openPath = [this] { return openPath; };
        p.savePath = [this](const QString &) { return savePath; };
        p.showError = [this](const QString &title, const QString &) { errors << title; };
        p.confirmRefactoring = [this](const Refactoring &) {
            ++refactoringsAsked;
            return refactoringAnswer;
        };
        return p;
    }
};

inline std::unique_ptr<MainWindow> makeTestWindow(ScriptedPrompter &prompter,
                                                  const QString &autosaveDir) {
    auto window = std::make_unique<MainWindow>();
    window->controller()->setPrompter(prompter.make());
    window->autosaver()->setDirectory(autosaveDir);
    window->document()->setValidationDelay(0);
    // A keychain that holds every key: the machine's own (or none) must not add Problems.
    window->keychainChecker()->setReader(
        [](const QString &, QObject *context, KeychainChecker::Done done) {
            QMetaObject::invokeMethod(
                context,
                [done] {
                    keystore::KeyStoreResult ok;
                    ok.status = keystore::KeyStoreResult::Status::Ok;
                    done(ok);
                },
                Qt::QueuedConnection);
        });
    return window;
}

} // namespace ingress::ui::testing
