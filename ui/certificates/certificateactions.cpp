#include "ui/certificates/certificateactions.h"

#include "ui/certificates/exportcadialog.h"
#include "ui/certificates/importcertificatedialog.h"
#include "ui/certificates/issuecertificatedialog.h"
#include "ui/certificates/newcadialog.h"
#include "ui/icons.h"
#include "ui/selectionhub.h"

#include <QAction>
#include <QWidget>

namespace ingress::ui {

CertificateActions::CertificateActions(TopologyDocument *document, SelectionHub *selection,
                                       QWidget *window)
    : QObject(window), m_operations(document), m_selection(selection), m_window(window),
      m_runDialog([](QDialog &dialog) { dialog.exec(); }) {
    addAction(QStringLiteral("actionNewCa"), tr("New Development &CA..."),
              tr("Create a local certificate authority to issue trusted host certificates"),
              &CertificateActions::newCa);
    QAction *issue =
        addAction(QStringLiteral("actionIssueCertificate"), tr("&Issue Certificate from CA..."),
                  tr("Issue a certificate for the topology's TLS hosts from your "
                     "development CA"),
                  &CertificateActions::issue);
    issue->setIcon(icon(QStringLiteral("certificate")));
    addAction(QStringLiteral("actionSelfSignedCertificate"), tr("&Self-Signed Certificate..."),
              tr("Create a certificate signed by its own key"), &CertificateActions::selfSigned);
    addAction(QStringLiteral("actionImportCertificate"), tr("I&mport PEM / PKCS#12..."),
              tr("Import a certificate and its key (PEM pair or .p12/.pfx)"),
              &CertificateActions::import);
    addAction(QStringLiteral("actionExportCa"), tr("&Export CA Certificate..."),
              tr("Copy the development CA's certificate and show how to trust it"),
              &CertificateActions::exportCa);
}

QAction *CertificateActions::addAction(const QString &name, const QString &text,
                                       const QString &toolTip, void (CertificateActions::*slot)()) {
    auto *action = new QAction(text, m_window);
    action->setObjectName(name);
    action->setToolTip(toolTip);
    action->setStatusTip(toolTip);
    connect(action, &QAction::triggered, this, slot);
    m_actions.append(action);
    return action;
}

void CertificateActions::finished(const CertificateOutcome &outcome) {
    if (!outcome.ok)
        return;
    if (outcome.certificate.isValid())
        m_selection->setCurrent(outcome.certificate);
    Q_EMIT certificatesChanged();
    Q_EMIT statusMessage(outcome.summary);
}

void CertificateActions::newCa() {
    NewCaDialog dialog(&m_operations, m_window);
    m_runDialog(dialog);
    finished(dialog.outcome()); // the CA exists even if the instructions were closed with Esc
}

void CertificateActions::issue() {
    IssueCertificateDialog dialog(&m_operations, IssueCertificateDialog::Mode::FromCa, m_window);
    m_runDialog(dialog);
    finished(dialog.outcome());
}

void CertificateActions::selfSigned() {
    IssueCertificateDialog dialog(&m_operations, IssueCertificateDialog::Mode::SelfSigned,
                                  m_window);
    m_runDialog(dialog);
    finished(dialog.outcome());
}

void CertificateActions::import() {
    ImportCertificateDialog dialog(&m_operations, m_window);
    m_runDialog(dialog);
    finished(dialog.outcome());
}

void CertificateActions::exportCa() {
    ExportCaDialog dialog(&m_operations, m_window);
    m_runDialog(dialog);
    finished(dialog.outcome());
}

} // namespace ingress::ui
