#pragma once

#include "certificateoperations.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;

namespace ingress::ui {

class PathEdit;

// "Export CA certificate...": `cert export-ca` as a dialog - copies ca.crt (never the key)
// and shows how to trust it.
class ExportCaDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportCaDialog(const CertificateOperations *operations, QWidget *parent = nullptr);

    void setCaFolder(const QString &folder);
    void setTarget(const QString &file);
    QString errorText() const;
    QString trustInstructions() const;
    const CertificateOutcome &outcome() const { return m_outcome; }

    // First OK exports and shows the trust instructions; the second closes.
    void accept() override;

private:
    const CertificateOperations *m_operations;
    CertificateOutcome m_outcome;
    QStackedWidget *m_pages;
    PathEdit *m_caFolder;
    PathEdit *m_target;
    QLabel *m_error;
    QLabel *m_done;
    QPlainTextEdit *m_instructions;
    QDialogButtonBox *m_buttons;
};

} // namespace ingress::ui
