#pragma once

#include "ui/certificates/certificateoperations.h"

#include <functional>
#include <QList>
#include <QObject>

class QAction;
class QDialog;
class QWidget;

namespace ingress::ui {

class SelectionHub;

// The `cert` subcommands as GUI actions (dock toolbar, context menu, Certificates menu):
// New development CA, Issue from CA, Self-signed, Import PEM / PKCS#12, Export CA. Each opens
// its dialog; a certificate made or imported becomes the current item. The actions are
// children of `window` so MainWindow::action() finds them by objectName.
class CertificateActions : public QObject {
    Q_OBJECT
public:
    using DialogRunner = std::function<void(QDialog &dialog)>;

    CertificateActions(TopologyDocument *document, SelectionHub *selection, QWidget *window);

    QList<QAction *> actions() const { return m_actions; }
    CertificateOperations *operations() { return &m_operations; }
    // How dialogs are run: exec() by default; tests fill the fields and accept instead.
    void setDialogRunner(DialogRunner runner) { m_runDialog = std::move(runner); }

    void newCa();
    void issue();
    void selfSigned();
    void import();
    void exportCa();

Q_SIGNALS:
    void statusMessage(const QString &message);
    // Files or keychain entries changed: views that checked them should look again.
    void certificatesChanged();

private:
    QAction *addAction(const QString &name, const QString &text, const QString &toolTip,
                       void (CertificateActions::*slot)());
    void finished(const CertificateOutcome &outcome);

    CertificateOperations m_operations;
    SelectionHub *m_selection;
    QWidget *m_window;
    QList<QAction *> m_actions;
    DialogRunner m_runDialog;
};

} // namespace ingress::ui
