#pragma once

#include "ui/certificates/certificateoutputdialog.h"

class QPlainTextEdit;
class QSpinBox;

namespace ingress::ui {

class KeyTypeBox;
class PathEdit;

// "Issue certificate from CA..." and "Self-signed certificate...": `cert issue` /
// `cert self-signed` as a dialog. The hosts start as the document's TLS hosts; every one
// becomes a subjectAltName. On OK the files are written, the key goes to the keychain or a
// 0600 file, and the certificate is added to the document (one undo step).
class IssueCertificateDialog : public CertificateOutputDialog {
    Q_OBJECT
public:
    enum class Mode { FromCa, SelfSigned };

    IssueCertificateDialog(const CertificateOperations *operations, Mode mode,
                           QWidget *parent = nullptr);

    void setCaFolder(const QString &folder);
    QStringList hosts() const;
    void setHosts(const QStringList &hosts);

    void accept() override;

private:
    void hostsEdited();

    PathEdit *m_caFolder = nullptr;
    QPlainTextEdit *m_hosts = nullptr;
    KeyTypeBox *m_keyType = nullptr;
    QSpinBox *m_days = nullptr;
};

} // namespace ingress::ui
