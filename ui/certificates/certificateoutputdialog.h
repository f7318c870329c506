#pragma once

#include "ui/certificates/certificateoperations.h"

#include <QDialog>

class QFormLayout;
class QLineEdit;

namespace ingress::ui {

class ErrorLabel;
class KeyStorageChooser;
class PathEdit;

// What the dialogs that write a certificate into the project share (import, issue from the
// CA, self-signed): the certificate's name (suggested from the input until typed over), the
// folder for its files, where the key goes, the error line and the outcome. A subclass's
// constructor adds its own rows to form(), then calls addNameAndFolderRows(), may add more
// rows, and ends with finishLayout(); the rest is usable from then on.
class CertificateOutputDialog : public QDialog {
    Q_OBJECT
public:
    QString name() const;
    void setName(const QString &name);
    void setFolder(const QString &folder);
    void setKeyStorage(KeyStorage storage);
    KeyStorageChooser *keyStorage() const { return m_storage; }
    QString errorText() const;
    const CertificateOutcome &outcome() const { return m_outcome; }

protected:
    CertificateOutputDialog(const CertificateOperations *operations, QWidget *parent);

    const CertificateOperations *operations() const { return m_operations; }
    QFormLayout *form() const { return m_form; }
    ErrorLabel *errorLabel() const { return m_error; }
    QString folder() const;
    KeyStorage storage() const;

    void addNameAndFolderRows(const QString &nameToolTip = {});
    void finishLayout(const QString &okText);
    // The name the input suggests; kept only while the user has not typed one.
    void suggestName(const QString &name);
    // Closes on success; otherwise shows why, in the words of the chosen key storage.
    void finish(CertificateOutcome outcome);
    void setOutcome(CertificateOutcome outcome) { m_outcome = std::move(outcome); }

private:
    const CertificateOperations *m_operations;
    CertificateOutcome m_outcome;
    QFormLayout *m_form;
    QLineEdit *m_name = nullptr;
    PathEdit *m_folder = nullptr;
    KeyStorageChooser *m_storage = nullptr;
    ErrorLabel *m_error = nullptr;
    bool m_nameEdited = false;
};

} // namespace ingress::ui
