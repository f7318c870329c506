#include "ui/certificates/exportcadialog.h"

#include "ui/certificates/pathedit.h"

#include <QDir>

namespace ingress::ui {

ExportCaDialog::ExportCaDialog(const CertificateOperations *operations, QWidget *parent)
    : TrustInstructionsDialog(operations,
                              tr("Copies the CA's certificate (never its key) to share with "
                                 "other machines or tools that should trust it."),
                              parent),
      m_caFolder(new PathEdit(PathEdit::Mode::Folder, {}, this)),
      m_target(new PathEdit(PathEdit::Mode::SaveFile,
                            tr("Certificates (*.crt *.pem);;All files (*)"), this)) {
    setObjectName(QStringLiteral("exportCaDialog"));
    setWindowTitle(tr("Export CA Certificate"));
    m_caFolder->setObjectName(QStringLiteral("caFolder"));
    m_caFolder->setPath(CertificateOperations::lastCaFolder());
    m_target->setObjectName(QStringLiteral("target"));
    m_target->setPath(QDir::home().filePath(QStringLiteral("ingress-studio-dev-ca.crt")));
    addFormRow(tr("CA &folder:"), m_caFolder);
    addFormRow(tr("&Save to:"), m_target);
    finishForm(tr("&Export"));
    resize(620, 400);
}

void ExportCaDialog::setCaFolder(const QString &folder) {
    m_caFolder->setPath(folder);
}
void ExportCaDialog::setTarget(const QString &file) {
    m_target->setPath(file);
}

CertificateOutcome ExportCaDialog::run() {
    return operations()->exportCa(m_caFolder->path(), m_target->path());
}

QString ExportCaDialog::succeeded(const CertificateOutcome &outcome) {
    return tr("%1.\nTo have browsers and tools trust it:").arg(outcome.summary);
}

} // namespace ingress::ui
