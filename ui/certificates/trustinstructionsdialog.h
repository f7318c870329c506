#pragma once

#include "ui/certificates/certificateoperations.h"

#include <QDialog>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;

namespace ingress::ui {

class ErrorLabel;

// A dialog that runs one CA operation from a form, then shows how to trust the CA: the first
// OK runs it (errors stay on the form), the second closes. New CA and Export CA share it.
class TrustInstructionsDialog : public QDialog {
    Q_OBJECT
public:
    QString errorText() const;
    QString trustInstructions() const;
    const CertificateOutcome &outcome() const { return m_outcome; }

    void accept() override;

protected:
    // `intro` heads the form.
    TrustInstructionsDialog(const CertificateOperations *operations, const QString &intro,
                            QWidget *parent);

    // Adds a row to the form, above the error line.
    void addFormRow(const QString &label, QWidget *field);
    void addFormRow(QWidget *widget);
    // Call last in the subclass's constructor: the instructions page and the buttons are made
    // after the form's fields so that they follow them in the tab order. `okText` labels the
    // button that runs the operation.
    void finishForm(const QString &okText);
    const CertificateOperations *operations() const { return m_operations; }

    virtual CertificateOutcome run() = 0;
    // After a successful run: the line above the instructions.
    virtual QString succeeded(const CertificateOutcome &outcome) = 0;

private:
    const CertificateOperations *m_operations;
    CertificateOutcome m_outcome;
    QStackedWidget *m_pages;
    QFormLayout *m_form;
    ErrorLabel *m_error;
    QLabel *m_done;
    QPlainTextEdit *m_instructions;
    QDialogButtonBox *m_buttons;
};

} // namespace ingress::ui
