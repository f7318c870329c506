#pragma once

#include "ui/certificates/certificateoperations.h"

#include <QGroupBox>

class QLabel;
class QRadioButton;

namespace ingress::ui {

// "Where does the private key go?": the OS keychain or a 0600 key file. When the keychain
// turns out to be missing (or the app was built without QtKeychain) it says so and selects
// the key file, so the user can go on with one click.
class KeyStorageChooser : public QGroupBox {
    Q_OBJECT
public:
    explicit KeyStorageChooser(QWidget *parent = nullptr);

    KeyStorage storage() const;
    void setStorage(KeyStorage storage);
    // Shows why the keychain cannot be used and switches to the key file.
    void setNoKeychain(const QString &message);
    QString notice() const;
    // What a dialog shows for a failed outcome: when the keychain was missing, switches to the
    // key file (setNoKeychain) and says that nothing was written; else the outcome's error.
    QString failureMessage(const CertificateOutcome &outcome);

private:
    QRadioButton *m_keychain;
    QRadioButton *m_file;
    QLabel *m_notice;
};

} // namespace ingress::ui
