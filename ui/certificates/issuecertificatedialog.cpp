#include "issuecertificatedialog.h"

#include "certificatefiles.h"
#include "certificateissuer.h"
#include "errorlabel.h"
#include "keystoragechooser.h"
#include "keytypebox.h"
#include "pathedit.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ingress::ui {

IssueCertificateDialog::IssueCertificateDialog(const CertificateOperations *operations, Mode mode,
                                               QWidget *parent)
    : QDialog(parent), m_operations(operations), m_mode(mode), m_hosts(new QPlainTextEdit(this)),
      m_name(new QLineEdit(this)), m_folder(new PathEdit(PathEdit::Mode::Folder, {}, this)),
      m_keyType(new KeyTypeBox(this)), m_days(new QSpinBox(this)),
      m_storage(new KeyStorageChooser(this)), m_error(new ErrorLabel(this)) {
    const bool fromCa = mode == Mode::FromCa;
    setObjectName(fromCa ? QStringLiteral("issueCertificateDialog")
                         : QStringLiteral("selfSignedCertificateDialog"));
    setWindowTitle(fromCa ? tr("Issue Certificate from CA") : tr("Self-Signed Certificate"));

    auto *form = new QFormLayout;
    auto *intro = new QLabel(
        fromCa ? tr("Issues a host certificate from your development CA. Every host becomes a "
                    "subjectAltName: DNS names, one-label wildcards such as *.shop.test, and "
                    "IP addresses. The first host is also the common name.")
               : tr("Creates a certificate signed by its own key. Clients reject it unless told "
                    "to trust this very certificate; a development CA is usually more "
                    "convenient."),
        this);
    intro->setWordWrap(true);
    form->addRow(intro);
    if (fromCa) {
        m_caFolder = new PathEdit(PathEdit::Mode::Folder, {}, this);
        m_caFolder->setObjectName(QStringLiteral("caFolder"));
        m_caFolder->setPath(CertificateOperations::lastCaFolder());
        form->addRow(tr("&CA folder:"), m_caFolder);
    }
    m_hosts->setObjectName(QStringLiteral("hosts"));
    m_hosts->setTabChangesFocus(true);
    m_hosts->setPlaceholderText(tr("One host per line: shop.test, *.shop.test, 127.0.0.1"));
    m_hosts->setFixedHeight(m_hosts->fontMetrics().lineSpacing() * 6);
    form->addRow(tr("&Hosts:"), m_hosts);
    m_name->setObjectName(QStringLiteral("certificateName"));
    m_name->setToolTip(tr("The certificate's name in the topology and the files' base name"));
    form->addRow(tr("&Name:"), m_name);
    m_folder->setObjectName(QStringLiteral("folder"));
    m_folder->setPath(operations->defaultFolder());
    form->addRow(tr("&Folder:"), m_folder);
    form->addRow(tr("&Key type:"), m_keyType);
    m_days->setRange(1, certs::IssueRequest::maxValidityDays);
    m_days->setValue(certs::IssueRequest::maxValidityDays);
    m_days->setSuffix(tr(" days"));
    m_days->setToolTip(tr("At most 825 days, the longest Apple platforms accept"));
    form->addRow(tr("&Valid for:"), m_days);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(fromCa ? tr("&Issue") : tr("&Create"));
    connect(buttons, &QDialogButtonBox::accepted, this, &IssueCertificateDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &IssueCertificateDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_storage);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(m_hosts, &QPlainTextEdit::textChanged, this, &IssueCertificateDialog::hostsEdited);
    connect(m_name, &QLineEdit::textEdited, this, [this] { m_nameEdited = true; });
    setHosts(operations->tlsHosts());
    resize(560, 0);
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

QString IssueCertificateDialog::name() const {
    return m_name->text().trimmed();
}

void IssueCertificateDialog::setName(const QString &name) {
    m_name->setText(name);
    m_nameEdited = true;
}

void IssueCertificateDialog::setFolder(const QString &folder) {
    m_folder->setPath(folder);
}

void IssueCertificateDialog::setKeyStorage(KeyStorage storage) {
    m_storage->setStorage(storage);
}

QString IssueCertificateDialog::errorText() const {
    return m_error->error();
}

void IssueCertificateDialog::hostsEdited() {
    // The name follows the first host (as `cert issue` names its files) until typed over.
    const QStringList list = hosts();
    if (!m_nameEdited)
        m_name->setText(list.isEmpty() ? QString() : certs::fileBaseNameForHost(list.constFirst()));
}

void IssueCertificateDialog::accept() {
    IssueOptions options;
    if (m_caFolder) {
        options.caFolder = m_caFolder->path();
        if (options.caFolder.isEmpty()) {
            m_error->showError(tr("Choose the CA folder (New Development CA makes one)."));
            return;
        }
    }
    options.hosts = hosts();
    options.name = name();
    options.folder = m_folder->path();
    options.key = m_keyType->keySpec();
    options.validityDays = m_days->value();
    options.storage = m_storage->storage();
    m_outcome = m_operations->issue(options);
    if (!m_outcome.ok) {
        m_error->showError(m_storage->failureMessage(m_outcome));
        return;
    }
    if (m_caFolder)
        CertificateOperations::rememberCaFolder(options.caFolder);
    QDialog::accept();
}

} // namespace ingress::ui
