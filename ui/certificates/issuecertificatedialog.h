#pragma once

#include "certificateoperations.h"

#include <QDialog>

class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace ingress::ui {

class ErrorLabel;
class KeyStorageChooser;
class KeyTypeBox;
class PathEdit;

// "Issue certificate from CA..." and "Self-signed certificate...": `cert issue` /
// `cert self-signed` as a dialog. The hosts start as the document's TLS hosts; every one
// becomes a subjectAltName. On OK the files are written, the key goes to the keychain or a
// 0600 file, and the certificate is added to the document (one undo step).
class IssueCertificateDialog : public QDialog {
    Q_OBJECT
public:
    enum class Mode { FromCa, SelfSigned };

    IssueCertificateDialog(const CertificateOperations *operations, Mode mode,
                           QWidget *parent = nullptr);

    void setCaFolder(const QString &folder);
    QStringList hosts() const;
    void setHosts(const QStringList &hosts);
    QString name() const;
    void setName(const QString &name);
    void setFolder(const QString &folder);
    void setKeyStorage(KeyStorage storage);
    KeyStorageChooser *keyStorage() const { return m_storage; }
    QString errorText() const;
    const CertificateOutcome &outcome() const { return m_outcome; }

    void accept() override;

private:
    void hostsEdited();

    const CertificateOperations *m_operations;
    Mode m_mode;
    CertificateOutcome m_outcome;
    PathEdit *m_caFolder = nullptr;
    QPlainTextEdit *m_hosts;
    QLineEdit *m_name;
    PathEdit *m_folder;
    KeyTypeBox *m_keyType;
    QSpinBox *m_days;
    KeyStorageChooser *m_storage;
    ErrorLabel *m_error;
    bool m_nameEdited = false;
};

} // namespace ingress::ui
