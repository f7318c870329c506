#include "importcertificatedialog.h"

#include "errorlabel.h"
#include "keystoragechooser.h"
#include "pathedit.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ingress::ui {

ImportCertificateDialog::ImportCertificateDialog(const CertificateOperations *operations,
                                                 QWidget *parent)
    : QDialog(parent), m_operations(operations), m_form(new QFormLayout),
      m_file(new PathEdit(PathEdit::Mode::OpenFile,
                          tr("Certificates (*.pem *.crt *.cer *.p12 *.pfx);;All files (*)"), this)),
      m_keyFile(new PathEdit(PathEdit::Mode::OpenFile,
                             tr("Private keys (*.key *.pem);;All files (*)"), this)),
      m_passphrase(new QLineEdit(this)), m_name(new QLineEdit(this)),
      m_folder(new PathEdit(PathEdit::Mode::Folder, {}, this)),
      m_storage(new KeyStorageChooser(this)), m_error(new ErrorLabel(this)) {
    setObjectName(QStringLiteral("importCertificateDialog"));
    setWindowTitle(tr("Import Certificate"));
    auto *intro = new QLabel(tr("A PEM chain (leaf first) with its PEM key, or a PKCS#12 file "
                                "(.p12/.pfx). The chain is copied to NAME.crt; the key is stored "
                                "unencrypted so the proxy can start without asking."),
                             this);
    intro->setWordWrap(true);
    m_form->addRow(intro);
    m_file->setObjectName(QStringLiteral("certificateFile"));
    m_form->addRow(tr("&Certificate:"), m_file);
    m_keyFile->setObjectName(QStringLiteral("keyFile"));
    m_form->addRow(tr("Private &key:"), m_keyFile);
    m_passphrase->setObjectName(QStringLiteral("passphrase"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_form->addRow(tr("&Passphrase:"), m_passphrase);
    m_name->setObjectName(QStringLiteral("certificateName"));
    m_form->addRow(tr("&Name:"), m_name);
    m_folder->setObjectName(QStringLiteral("folder"));
    m_folder->setPath(operations->defaultFolder());
    m_form->addRow(tr("&Folder:"), m_folder);
    showPassphrase(false);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Import"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ImportCertificateDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ImportCertificateDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_storage);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(m_file, &PathEdit::pathChanged, this, &ImportCertificateDialog::fileChanged);
    connect(m_name, &QLineEdit::textEdited, this, [this] { m_nameEdited = true; });
    resize(560, 0);
}

void ImportCertificateDialog::setFile(const QString &file) {
    m_file->setPath(file);
}
void ImportCertificateDialog::setKeyFile(const QString &file) {
    m_keyFile->setPath(file);
}
void ImportCertificateDialog::setPassphrase(const QString &passphrase) {
    m_passphrase->setText(passphrase);
}
bool ImportCertificateDialog::passphraseShown() const {
    return m_form->isRowVisible(m_passphrase);
}
void ImportCertificateDialog::setName(const QString &name) {
    m_name->setText(name);
    m_nameEdited = true;
}
void ImportCertificateDialog::setFolder(const QString &folder) {
    m_folder->setPath(folder);
}
void ImportCertificateDialog::setKeyStorage(KeyStorage storage) {
    m_storage->setStorage(storage);
}
QString ImportCertificateDialog::errorText() const {
    return m_error->error();
}

void ImportCertificateDialog::showPassphrase(bool show) {
    m_form->setRowVisible(m_passphrase, show);
}

void ImportCertificateDialog::fileChanged(const QString &file) {
    // A PKCS#12 file carries its key; the decision by name is the one `cert import` makes
    // first (content sniffing happens again on import).
    const QString suffix = QFileInfo(file).suffix().toLower();
    m_keyFile->setEnabled(suffix != u"p12" && suffix != u"pfx");
    if (!m_nameEdited)
        m_name->setText(file.isEmpty() ? QString() : QFileInfo(file).completeBaseName());
    showPassphrase(false);
    m_passphrase->clear();
}

void ImportCertificateDialog::accept() {
    ImportOptions options;
    options.file = m_file->path();
    options.keyFile = m_keyFile->isEnabled() ? m_keyFile->path() : QString();
    options.passphrase = m_passphrase->text().toUtf8();
    options.name = m_name->text().trimmed();
    options.folder = m_folder->path();
    options.storage = m_storage->storage();
    m_outcome = m_operations->import(options);
    if (m_outcome.ok) {
        QDialog::accept();
        return;
    }
    using LoadError = certs::PrivateKey::LoadError;
    if (m_outcome.loadError == LoadError::NeedsPassphrase ||
        m_outcome.loadError == LoadError::WrongPassphrase) {
        showPassphrase(true);
        m_passphrase->selectAll();
        m_passphrase->setFocus();
        m_error->showError(m_outcome.loadError == LoadError::NeedsPassphrase
                               ? tr("The key is encrypted: enter its passphrase.")
                               : tr("Wrong passphrase (%1).").arg(m_outcome.error));
        return;
    }
    m_error->showError(m_storage->failureMessage(m_outcome));
}

} // namespace ingress::ui
