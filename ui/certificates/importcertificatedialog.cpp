#include "ui/certificates/importcertificatedialog.h"

#include "ui/certificates/errorlabel.h"
#include "ui/certificates/pathedit.h"

#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace ingress::ui {

ImportCertificateDialog::ImportCertificateDialog(const CertificateOperations *operations,
                                                 QWidget *parent)
    : CertificateOutputDialog(operations, parent),
      m_file(new PathEdit(PathEdit::Mode::OpenFile,
                          tr("Certificates (*.pem *.crt *.cer *.p12 *.pfx);;All files (*)"), this)),
      m_keyFile(new PathEdit(PathEdit::Mode::OpenFile,
                             tr("Private keys (*.key *.pem);;All files (*)"), this)),
      m_passphrase(new QLineEdit(this)) {
    setObjectName(QStringLiteral("importCertificateDialog"));
    setWindowTitle(tr("Import Certificate"));
    auto *intro = new QLabel(tr("A PEM chain (leaf first) with its PEM key, or a PKCS#12 file "
                                "(.p12/.pfx). The chain is copied to NAME.crt; the key is stored "
                                "unencrypted so the proxy can start without asking."),
                             this);
    intro->setWordWrap(true);
    form()->addRow(intro);
    m_file->setObjectName(QStringLiteral("certificateFile"));
    form()->addRow(tr("&Certificate:"), m_file);
    m_keyFile->setObjectName(QStringLiteral("keyFile"));
    form()->addRow(tr("Private &key:"), m_keyFile);
    m_passphrase->setObjectName(QStringLiteral("passphrase"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    form()->addRow(tr("&Passphrase:"), m_passphrase);
    addNameAndFolderRows();
    showPassphrase(false);
    finishLayout(tr("&Import"));
    connect(m_file, &PathEdit::pathChanged, this, &ImportCertificateDialog::fileChanged);
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
    return form()->isRowVisible(m_passphrase);
}

void ImportCertificateDialog::showPassphrase(bool show) {
    form()->setRowVisible(m_passphrase, show);
}

void ImportCertificateDialog::fileChanged(const QString &file) {
    // A PKCS#12 file carries its key; the decision by name is the one `cert import` makes
    // first (content sniffing happens again on import).
    const QString suffix = QFileInfo(file).suffix().toLower();
    m_keyFile->setEnabled(suffix != u"p12" && suffix != u"pfx");
    suggestName(file.isEmpty() ? QString() : QFileInfo(file).completeBaseName());
    showPassphrase(false);
    m_passphrase->clear();
}

void ImportCertificateDialog::accept() {
    ImportOptions options;
    options.file = m_file->path();
    options.keyFile = m_keyFile->isEnabled() ? m_keyFile->path() : QString();
    options.passphrase = m_passphrase->text().toUtf8();
    options.name = name();
    options.folder = folder();
    options.storage = storage();
    CertificateOutcome outcome = operations()->import(options);
    using LoadError = certs::PrivateKey::LoadError;
    if (outcome.loadError == LoadError::NeedsPassphrase ||
        outcome.loadError == LoadError::WrongPassphrase) {
        showPassphrase(true);
        m_passphrase->selectAll();
        m_passphrase->setFocus();
        errorLabel()->showError(outcome.loadError == LoadError::NeedsPassphrase
                                    ? tr("The key is encrypted: enter its passphrase.")
                                    : tr("Wrong passphrase (%1).").arg(outcome.error));
        setOutcome(std::move(outcome));
        return;
    }
    finish(std::move(outcome));
}

} // namespace ingress::ui
