#include "ui/certificates/issuecertificatedialog.h"

#include "model/certs/certificatefiles.h"
#include "model/certs/certificateissuer.h"
#include "ui/certificates/errorlabel.h"
#include "ui/certificates/keytypebox.h"
#include "ui/certificates/pathedit.h"

#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSpinBox>

namespace ingress::ui {

IssueCertificateDialog::IssueCertificateDialog(const CertificateOperations *operations, Mode mode,
                                               QWidget *parent)
    : CertificateOutputDialog(operations, parent) {
    const bool fromCa = mode == Mode::FromCa;
    setObjectName(fromCa ? QStringLiteral("issueCertificateDialog")
                         : QStringLiteral("selfSignedCertificateDialog"));
    setWindowTitle(fromCa ? tr("Issue Certificate from CA") : tr("Self-Signed Certificate"));

    auto *intro = new QLabel(
        fromCa ? tr("Issues a host certificate from your development CA. Every host becomes a "
                    "subjectAltName: DNS names, one-label wildcards such as *.shop.test, and "
                    "IP addresses. The first host is also the common name.")
               : tr("Creates a certificate signed by its own key. Clients reject it unless told "
                    "to trust this very certificate; a development CA is usually more "
                    "convenient."),
        this);
    intro->setWordWrap(true);
    form()->addRow(intro);
    // Widgets are made in the order of their rows: that is the tab order.
    if (fromCa) {
        m_caFolder = new PathEdit(PathEdit::Mode::Folder, {}, this);
        m_caFolder->setObjectName(QStringLiteral("caFolder"));
        m_caFolder->setPath(CertificateOperations::lastCaFolder());
        form()->addRow(tr("&CA folder:"), m_caFolder);
    }
    m_hosts = new QPlainTextEdit(this);
    m_hosts->setObjectName(QStringLiteral("hosts"));
    m_hosts->setTabChangesFocus(true);
    m_hosts->setPlaceholderText(tr("One host per line: shop.test, *.shop.test, 127.0.0.1"));
    m_hosts->setFixedHeight(m_hosts->fontMetrics().lineSpacing() * 6);
    form()->addRow(tr("&Hosts:"), m_hosts);
    addNameAndFolderRows(tr("The certificate's name in the topology and the files' base name"));
    m_keyType = new KeyTypeBox(this);
    form()->addRow(tr("&Key type:"), m_keyType);
    m_days = new QSpinBox(this);
    m_days->setRange(1, certs::IssueRequest::maxValidityDays);
    m_days->setValue(certs::IssueRequest::maxValidityDays);
    m_days->setSuffix(tr(" days"));
    m_days->setToolTip(tr("At most 825 days, the longest Apple platforms accept"));
    form()->addRow(tr("&Valid for:"), m_days);
    finishLayout(fromCa ? tr("&Issue") : tr("&Create"));

    connect(m_hosts, &QPlainTextEdit::textChanged, this, &IssueCertificateDialog::hostsEdited);
    setHosts(operations->tlsHosts());
}

void IssueCertificateDialog::setCaFolder(const QString &folder) {
    if (m_caFolder)
        m_caFolder->setPath(folder);
}

QStringList IssueCertificateDialog::hosts() const {
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    return m_hosts->toPlainText().split(separators, Qt::SkipEmptyParts);
}

void IssueCertificateDialog::setHosts(const QStringList &hosts) {
    m_hosts->setPlainText(hosts.join(u'\n'));
}

void IssueCertificateDialog::hostsEdited() {
    // The name follows the first host (as `cert issue` names its files) until typed over.
    const QStringList list = hosts();
    suggestName(list.isEmpty() ? QString() : certs::fileBaseNameForHost(list.constFirst()));
}

void IssueCertificateDialog::accept() {
    IssueOptions options;
    if (m_caFolder) {
        options.caFolder = m_caFolder->path();
        if (options.caFolder.isEmpty()) {
            errorLabel()->showError(tr("Choose the CA folder (New Development CA makes one)."));
            return;
        }
    }
    options.hosts = hosts();
    options.name = name();
    options.folder = folder();
    options.key = m_keyType->keySpec();
    options.validityDays = m_days->value();
    options.storage = storage();
    CertificateOutcome outcome = operations()->issue(options);
    if (outcome.ok && m_caFolder)
        CertificateOperations::rememberCaFolder(options.caFolder);
    finish(std::move(outcome));
}

} // namespace ingress::ui
