#include "ui/certificates/keystoragechooser.h"

#include "keystore/keystore.h"

#include <QLabel>
#include <QRadioButton>
#include <QVBoxLayout>

namespace ingress::ui {

KeyStorageChooser::KeyStorageChooser(QWidget *parent)
    : QGroupBox(tr("Private key"), parent),
      m_keychain(
          new QRadioButton(tr("In the OS &keychain (entry named like the certificate)"), this)),
      m_file(new QRadioButton(tr("In a key &file next to the certificate (mode 0600)"), this)),
      m_notice(new QLabel(this)) {
    setObjectName(QStringLiteral("keyStorage"));
    m_keychain->setObjectName(QStringLiteral("keyInKeychain"));
    m_file->setObjectName(QStringLiteral("keyInFile"));
    m_notice->setObjectName(QStringLiteral("keychainNotice"));
    m_notice->setWordWrap(true);
    m_notice->setStyleSheet(QStringLiteral("color: #b35c00"));
    m_notice->hide();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_keychain);
    layout->addWidget(m_file);
    layout->addWidget(m_notice);
    m_keychain->setChecked(true);
    if (!keystore::KeyStore::compiledIn()) {
        setNoKeychain(tr("This build has no keychain support: the key is kept in a file."));
        m_keychain->setEnabled(false);
    }
}

KeyStorage KeyStorageChooser::storage() const {
    return m_keychain->isChecked() ? KeyStorage::Keychain : KeyStorage::KeyFile;
}

void KeyStorageChooser::setStorage(KeyStorage storage) {
    (storage == KeyStorage::Keychain ? m_keychain : m_file)->setChecked(true);
}

void KeyStorageChooser::setNoKeychain(const QString &message) {
    m_notice->setText(message + u'\n' +
                      tr("The key file option is selected instead; choose OK to use it."));
    m_notice->show();
    m_file->setChecked(true);
}

QString KeyStorageChooser::notice() const {
    return m_notice->isHidden() ? QString() : m_notice->text();
}

QString KeyStorageChooser::failureMessage(const CertificateOutcome &outcome) {
    if (!outcome.noKeychain())
        return outcome.error;
    setNoKeychain(outcome.error);
    return tr("No OS keychain is available: nothing was written.");
}

} // namespace ingress::ui
