#pragma once

#include "ui/certificates/certificateoutputdialog.h"

class QLineEdit;

namespace ingress::ui {

class PathEdit;

// "Import PEM / PKCS#12...": `cert import` as a dialog. Checks that the key belongs to the
// certificate, asks for a passphrase only when the key or the PKCS#12 file needs one, stores
// the key unencrypted in the keychain or a 0600 file and adds the certificate to the document.
class ImportCertificateDialog : public CertificateOutputDialog {
    Q_OBJECT
public:
    explicit ImportCertificateDialog(const CertificateOperations *operations,
                                     QWidget *parent = nullptr);

    void setFile(const QString &file);
    void setKeyFile(const QString &file);
    void setPassphrase(const QString &passphrase);
    bool passphraseShown() const;

    void accept() override;

private:
    void fileChanged(const QString &file);
    void showPassphrase(bool show);

    PathEdit *m_file;
    PathEdit *m_keyFile;
    QLineEdit *m_passphrase;
};

} // namespace ingress::ui
