#pragma once

#include "certificateoperations.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QStackedWidget;

namespace ingress::ui {

class KeyTypeBox;
class PathEdit;

// "New development CA...": `cert new-ca` as a dialog. After creating the CA it shows the
// instructions to trust it (also written to TRUST-THIS-CA.txt in the folder).
class NewCaDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewCaDialog(const CertificateOperations *operations, QWidget *parent = nullptr);

    void setCaName(const QString &name);
    void setFolder(const QString &folder);
    QString folder() const;
    void setReplaceExisting(bool replace);
    QString errorText() const;
    QString trustInstructions() const;
    const CertificateOutcome &outcome() const { return m_outcome; }

    // First OK creates the CA and shows the trust instructions; the second closes.
    void accept() override;

private:
    const CertificateOperations *m_operations;
    CertificateOutcome m_outcome;
    QStackedWidget *m_pages;
    QLineEdit *m_name;
    PathEdit *m_folder;
    KeyTypeBox *m_keyType;
    QSpinBox *m_days;
    QCheckBox *m_replace;
    QLabel *m_error;
    QLabel *m_done;
    QPlainTextEdit *m_instructions;
    QDialogButtonBox *m_buttons;
};

} // namespace ingress::ui
