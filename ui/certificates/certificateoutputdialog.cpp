#include "ui/certificates/certificateoutputdialog.h"

#include "ui/certificates/errorlabel.h"
#include "ui/certificates/keystoragechooser.h"
#include "ui/certificates/pathedit.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ingress::ui {

CertificateOutputDialog::CertificateOutputDialog(const CertificateOperations *operations,
                                                 QWidget *parent)
    : QDialog(parent), m_operations(operations), m_form(new QFormLayout) {
}

QString CertificateOutputDialog::name() const {
    return m_name->text().trimmed();
}

void CertificateOutputDialog::setName(const QString &name) {
    m_name->setText(name);
    m_nameEdited = true;
}

void CertificateOutputDialog::setFolder(const QString &folder) {
    m_folder->setPath(folder);
}

void CertificateOutputDialog::setKeyStorage(KeyStorage storage) {
    m_storage->setStorage(storage);
}

QString CertificateOutputDialog::errorText() const {
    return m_error->error();
}

QString CertificateOutputDialog::folder() const {
    return m_folder->path();
}

KeyStorage CertificateOutputDialog::storage() const {
    return m_storage->storage();
}

void CertificateOutputDialog::addNameAndFolderRows(const QString &nameToolTip) {
    // Created here, not in the constructor: the tab order is the order of creation, and these
    // rows come after the subclass's own.
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("certificateName"));
    m_name->setToolTip(nameToolTip);
    connect(m_name, &QLineEdit::textEdited, this, [this] { m_nameEdited = true; });
    m_form->addRow(tr("&Name:"), m_name);
    m_folder = new PathEdit(PathEdit::Mode::Folder, {}, this);
    m_folder->setObjectName(QStringLiteral("folder"));
    m_folder->setPath(m_operations->defaultFolder());
    m_form->addRow(tr("&Folder:"), m_folder);
}

void CertificateOutputDialog::finishLayout(const QString &okText) {
    m_storage = new KeyStorageChooser(this);
    m_error = new ErrorLabel(this);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(okText);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_storage);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(560, 0);
}

void CertificateOutputDialog::suggestName(const QString &name) {
    if (!m_nameEdited)
        m_name->setText(name);
}

void CertificateOutputDialog::finish(CertificateOutcome outcome) {
    m_outcome = std::move(outcome);
    if (m_outcome.ok)
        QDialog::accept();
    else
        m_error->showError(m_storage->failureMessage(m_outcome));
}

} // namespace ingress::ui
