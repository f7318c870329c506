#pragma once

#include "certificateoperations.h"

#include <QDialog>

class QFormLayout;
class QLineEdit;

namespace ingress::ui {

class ErrorLabel;
class KeyStorageChooser;
class PathEdit;

// "Import PEM / PKCS#12...": `cert import` as a dialog. Checks that the key belongs to the
// certificate, asks for a passphrase only when the key or the PKCS#12 file needs one, stores
// the key unencrypted in the keychain or a 0600 file and adds the certificate to the document.
class ImportCertificateDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImportCertificateDialog(const CertificateOperations *operations,
                                     QWidget *parent = nullptr);

    void setFile(const QString &file);
    void setKeyFile(const QString &file);
    void setPassphrase(const QString &passphrase);
    bool passphraseShown() const;
    void setName(const QString &name);
    void setFolder(const QString &folder);
    void setKeyStorage(KeyStorage storage);
    KeyStorageChooser *keyStorage() const { return m_storage; }
    QString errorText() const;
    const CertificateOutcome &outcome() const { return m_outcome; }

    void accept() override;

private:
    void fileChanged(const QString &file);
    void showPassphrase(bool show);

    const CertificateOperations *m_operations;
    CertificateOutcome m_outcome;
    QFormLayout *m_form;
    PathEdit *m_file;
    PathEdit *m_keyFile;
    QLineEdit *m_passphrase;
    QLineEdit *m_name;
    PathEdit *m_folder;
    KeyStorageChooser *m_storage;
    ErrorLabel *m_error;
    bool m_nameEdited = false;
};

} // namespace ingress::ui
