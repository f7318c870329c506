#pragma once

#include "ui/certificates/trustinstructionsdialog.h"

namespace ingress::ui {

class PathEdit;

// "Export CA certificate...": `cert export-ca` as a dialog - copies ca.crt (never the key)
// and shows how to trust it.
class ExportCaDialog : public TrustInstructionsDialog {
    Q_OBJECT
public:
    explicit ExportCaDialog(const CertificateOperations *operations, QWidget *parent = nullptr);

    void setCaFolder(const QString &folder);
    void setTarget(const QString &file);

protected:
    CertificateOutcome run() override;
    QString succeeded(const CertificateOutcome &outcome) override;

private:
    PathEdit *m_caFolder;
    PathEdit *m_target;
};

} // namespace ingress::ui
