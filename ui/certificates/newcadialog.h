#pragma once

#include "ui/certificates/trustinstructionsdialog.h"

class QCheckBox;
class QLineEdit;
class QSpinBox;

namespace ingress::ui {

class KeyTypeBox;
class PathEdit;

// "New development CA...": `cert new-ca` as a dialog. After creating the CA it shows the
// instructions to trust it (also written to TRUST-THIS-CA.txt in the folder).
class NewCaDialog : public TrustInstructionsDialog {
    Q_OBJECT
public:
    explicit NewCaDialog(const CertificateOperations *operations, QWidget *parent = nullptr);

    void setCaName(const QString &name);
    void setFolder(const QString &folder);
    QString folder() const;
    void setReplaceExisting(bool replace);

protected:
    CertificateOutcome run() override;
    QString succeeded(const CertificateOutcome &outcome) override;

private:
    QLineEdit *m_name;
    PathEdit *m_folder;
    KeyTypeBox *m_keyType;
    QSpinBox *m_days;
    QCheckBox *m_replace;
};

} // namespace ingress::ui
