#include "ui/certificates/newcadialog.h"

#include "model/certs/certificateauthority.h"
#include "ui/certificates/keytypebox.h"
#include "ui/certificates/pathedit.h"

#include <QCheckBox>
#include <QDir>
#include <QLineEdit>
#include <QSpinBox>

namespace ingress::ui {

NewCaDialog::NewCaDialog(const CertificateOperations *operations, QWidget *parent)
    : TrustInstructionsDialog(
          operations,
          tr("A local certificate authority for development: trust its certificate once and "
             "every host certificate issued from it is accepted by browsers, curl and other "
             "tools. The folder gets ca.crt, ca.key (mode 0600) and TRUST-THIS-CA.txt."),
          parent),
      m_name(new QLineEdit(this)), m_folder(new PathEdit(PathEdit::Mode::Folder, {}, this)),
      m_keyType(new KeyTypeBox(this)), m_days(new QSpinBox(this)),
      m_replace(new QCheckBox(tr("&Replace a CA already in this folder"), this)) {
    setObjectName(QStringLiteral("newCaDialog"));
    setWindowTitle(tr("New Development CA"));
    m_name->setObjectName(QStringLiteral("caName"));
    m_name->setText(tr("Ingress Studio development CA"));
    m_folder->setObjectName(QStringLiteral("caFolder"));
    m_folder->setPath(CertificateOperations::lastCaFolder());
    m_days->setRange(1, 36500);
    m_days->setValue(certs::CertificateAuthority::defaultValidityDays);
    m_days->setSuffix(tr(" days"));
    m_replace->setToolTip(tr("Certificates issued from the old CA stop being trusted."));
    addFormRow(tr("&Name:"), m_name);
    addFormRow(tr("&Folder:"), m_folder);
    addFormRow(tr("&Key type:"), m_keyType);
    addFormRow(tr("&Valid for:"), m_days);
    addFormRow(m_replace);
    finishForm(tr("&Create CA"));
    resize(620, 420);
}

void NewCaDialog::setCaName(const QString &name) {
    m_name->setText(name);
}
void NewCaDialog::setFolder(const QString &folder) {
    m_folder->setPath(folder);
}
QString NewCaDialog::folder() const {
    return m_folder->path();
}
void NewCaDialog::setReplaceExisting(bool replace) {
    m_replace->setChecked(replace);
}

CertificateOutcome NewCaDialog::run() {
    return operations()->createCa(m_name->text(), m_folder->path(), m_keyType->keySpec(),
                                  m_days->value(), m_replace->isChecked());
}

QString NewCaDialog::succeeded(const CertificateOutcome &outcome) {
    // Issue... starts from the CA made last.
    CertificateOperations::rememberCaFolder(m_folder->path());
    return tr("%1.\nTo have browsers and tools trust it (also in %2):")
        .arg(outcome.summary,
             QDir::toNativeSeparators(
                 QDir(m_folder->path()).absoluteFilePath(certs::CertificateAuthority::trustFile)));
}

} // namespace ingress::ui
