#include "ui/certificates/trustinstructionsdialog.h"

#include "ui/certificates/errorlabel.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace ingress::ui {

TrustInstructionsDialog::TrustInstructionsDialog(const CertificateOperations *operations,
                                                 const QString &intro, QWidget *parent)
    : QDialog(parent), m_operations(operations), m_pages(new QStackedWidget(this)), m_form(nullptr),
      m_error(new ErrorLabel(this)), m_done(nullptr), m_instructions(nullptr), m_buttons(nullptr) {
    auto *form = new QWidget(this);
    m_form = new QFormLayout(form);
    auto *introLabel = new QLabel(intro, form);
    introLabel->setWordWrap(true);
    m_form->addRow(introLabel);
    m_form->addRow(m_error);
    m_pages->addWidget(form);
}

void TrustInstructionsDialog::finishForm(const QString &okText) {
    m_done = new QLabel(this);
    m_instructions = new QPlainTextEdit(this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *done = new QWidget(this);
    auto *doneLayout = new QVBoxLayout(done);
    m_done->setWordWrap(true);
    m_instructions->setObjectName(QStringLiteral("trustInstructions"));
    m_instructions->setReadOnly(true);
    m_instructions->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    doneLayout->addWidget(m_done);
    doneLayout->addWidget(m_instructions, 1);
    m_pages->addWidget(done);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(okText);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &TrustInstructionsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &TrustInstructionsDialog::reject);
}

void TrustInstructionsDialog::addFormRow(const QString &label, QWidget *field) {
    m_form->insertRow(m_form->rowCount() - 1, label, field);
}

void TrustInstructionsDialog::addFormRow(QWidget *widget) {
    m_form->insertRow(m_form->rowCount() - 1, widget);
}

QString TrustInstructionsDialog::errorText() const {
    return m_error->error();
}

QString TrustInstructionsDialog::trustInstructions() const {
    return m_instructions->toPlainText();
}

void TrustInstructionsDialog::accept() {
    if (m_pages->currentIndex() == 1) {
        QDialog::accept();
        return;
    }
    m_outcome = run();
    if (!m_outcome.ok) {
        m_error->showError(m_outcome.error);
        return;
    }
    m_done->setText(succeeded(m_outcome));
    m_instructions->setPlainText(m_outcome.trustInstructions);
    m_pages->setCurrentIndex(1);
    m_buttons->setStandardButtons(QDialogButtonBox::Ok);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Close"));
}

} // namespace ingress::ui
