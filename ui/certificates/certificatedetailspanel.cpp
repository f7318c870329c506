#include "ui/certificates/certificatedetailspanel.h"

#include "keystore/keystore.h"
#include "model/certs/certificatebundle.h"
#include "model/certs/certificatereader.h"
#include "model/certs/secretfile.h"
#include "model/items/topologydocument.h"
#include "model/topology/certificateinfo.h"
#include "ui/certificates/certificateoperations.h"
#include "ui/selectionhub.h"

#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace ingress::ui {

namespace {

// Below this many days left the validity is shown as a warning, as `cert show` reports it.
constexpr qint64 expiryWarningDays = 30;

QString warn(const QString &text) {
    return QStringLiteral("<span style=\"color:#c0392b\"><b>%1</b></span>")
        .arg(text.toHtmlEscaped());
}

QString date(const QDateTime &when) {
    return when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

} // namespace

CertificateDetailsPanel::CertificateDetailsPanel(TopologyDocument *document,
                                                 SelectionHub *selection,
                                                 const CertificateOperations *operations,
                                                 QWidget *parent)
    : QWidget(parent), m_document(document), m_selection(selection), m_operations(operations),
      m_placeholder(new QLabel(tr("Select a certificate to see what it holds."), this)),
      m_fields(new QWidget(this)), m_checkAgain(new QPushButton(tr("Check &Again"), this)) {
    setObjectName(QStringLiteral("certificateDetails"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    auto *form = new QFormLayout(m_fields);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setContentsMargins(0, 0, 0, 0);
    const std::pair<const char *, QString> rows[] = {
        {"name", tr("Name:")},
        {"subject", tr("Subject:")},
        {"sans", tr("Names (SAN):")},
        {"issuer", tr("Issuer:")},
        {"validity", tr("Valid:")},
        {"key", tr("Key:")},
        {"fingerprint", tr("SHA-256:")},
        {"file", tr("File:")},
        {"keyLocation", tr("Key stored:")},
        {"keyStatus", tr("Key check:")},
    };
    for (const auto &[name, title] : rows)
        form->addRow(title, addField(QLatin1String(name), title));
    m_labels.value(QStringLiteral("fingerprint"))
        ->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_checkAgain->setObjectName(QStringLiteral("checkKeychainAgain"));
    m_checkAgain->setToolTip(tr("Ask the OS keychain again whether it holds the key"));
    form->addRow(QString(), m_checkAgain);
    connect(m_checkAgain, &QPushButton::clicked, this, [this] {
        if (m_document->contains(m_shown))
            m_keychainAnswers.remove(m_document->item<Certificate>(m_shown).name);
        refresh();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_placeholder);
    layout->addWidget(m_fields);
    layout->addStretch(1);

    connect(selection, &SelectionHub::currentChanged, this, &CertificateDetailsPanel::show);
    const auto certificateChanged = [this](ItemRef ref) {
        if (ref.kind == ItemKind::Certificate)
            refresh();
    };
    connect(document, &TopologyDocument::itemChanged, this, certificateChanged);
    connect(document, &TopologyDocument::itemRemoved, this, certificateChanged);
    connect(document, &TopologyDocument::wasReset, this, [this] { show({}); });
    connect(document, &TopologyDocument::filePathChanged, this, &CertificateDetailsPanel::refresh);
    show(selection->current());
}

QLabel *CertificateDetailsPanel::addField(const QString &name, const QString &title) {
    auto *label = new QLabel(m_fields);
    label->setObjectName(name);
    label->setAccessibleName(title);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setTextFormat(Qt::PlainText);
    m_labels.insert(name, label);
    return label;
}

QString CertificateDetailsPanel::field(const QString &name) const {
    const QLabel *label = m_labels.value(name);
    if (!label || m_fields->isHidden())
        return {};
    if (label->textFormat() != Qt::RichText)
        return label->text();
    // Rich text (warnings): the words without the markup, for tests and accessibility.
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    QString plain = label->text();
    plain.remove(tags);
    return plain;
}

void CertificateDetailsPanel::refresh() {
    // The hub, not m_shown: it keeps pointing at the same item when rows move around it.
    show(m_selection->current());
}

void CertificateDetailsPanel::forgetKeyChecks() {
    m_keychainAnswers.clear();
    refresh();
}

void CertificateDetailsPanel::show(ItemRef ref) {
    const bool certificate = ref.kind == ItemKind::Certificate && m_document->contains(ref);
    m_shown = certificate ? ref : ItemRef{};
    m_placeholder->setHidden(certificate);
    m_fields->setHidden(!certificate);
    if (certificate)
        showCertificate(m_document->item<Certificate>(ref));
}

void CertificateDetailsPanel::showCertificate(const Certificate &certificate) {
    const auto set = [this](const char *name, const QString &text, bool rich = false) {
        QLabel *label = m_labels.value(QLatin1String(name));
        label->setTextFormat(rich ? Qt::RichText : Qt::PlainText);
        label->setText(text);
    };
    const QString path = m_document->topology().resolvePath(certificate.certificate);
    set("name", certificate.name);
    set("file", QDir::toNativeSeparators(path));
    set("keyLocation", certificate.inCluster()
                           ? tr("the cluster (Secret %1)").arg(certificate.secret)
                       : certificate.keyInKeychain()
                           ? tr("OS keychain (service '%1', entry '%2')")
                                 .arg(keystore::KeyStore::defaultService, certificate.name)
                           : tr("file %1").arg(QDir::toNativeSeparators(
                                 m_document->topology().resolvePath(certificate.privateKey))));
    m_checkAgain->setVisible(certificate.keyInKeychain());

    QString error;
    const auto info = certificate.certificate.isEmpty() ? std::optional<CertificateInfo>{}
                                                        : readCertificateFile(path, &error);
    if (!info) {
        set("subject",
            warn(certificate.inCluster()
                     ? tr("Held by the cluster in Secret %1: no local files. Serving here "
                          "presents one for its hosts from the development CA.")
                           .arg(certificate.secret)
                 : certificate.certificate.isEmpty()
                     ? tr("No certificate file is set: issue or import one.")
                     : tr("Cannot read the certificate: %1").arg(error)),
            true);
        for (const char *name : {"sans", "issuer", "validity", "key", "fingerprint"})
            set(name, QStringLiteral("-"));
    } else {
        set("subject", info->subject);
        QStringList flags;
        if (info->selfSigned)
            flags << tr("self-signed");
        if (info->isCa)
            flags << tr("a CA certificate");
        if (info->chainLength > 1)
            flags << tr("chain of %1%2")
                         .arg(info->chainLength)
                         .arg(info->chainInOrder ? QString() : tr(", OUT OF ORDER"));
        set("issuer", flags.isEmpty() ? info->issuer
                                      : QStringLiteral("%1 (%2)").arg(
                                            info->issuer, flags.join(QStringLiteral(", "))));
        const QStringList names = info->dnsNames + info->ipAddresses;
        set("sans", names.isEmpty() ? tr("(none: clients will reject it for every host)")
                                    : names.join(QStringLiteral(", ")));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const qint64 days = now.daysTo(info->notAfter);
        const QString range = tr("%1 to %2").arg(date(info->notBefore), date(info->notAfter));
        if (info->notAfter < now)
            set("validity", warn(tr("%1: EXPIRED %2 days ago").arg(range).arg(-days)), true);
        else if (info->notBefore > now)
            set("validity", warn(tr("%1: not valid yet").arg(range)), true);
        else if (days < expiryWarningDays)
            set("validity", warn(tr("%1: expires in %2 days").arg(range).arg(days)), true);
        else
            set("validity", tr("%1 (expires in %2 days)").arg(range).arg(days));
        set("key", tr("%1 %2 bits").arg(info->keyType).arg(info->keyBits));
        set("fingerprint", info->sha256Fingerprint);
    }
    bool problem = false;
    const QString status = keyStatus(certificate, info ? path : QString(), &problem);
    set("keyStatus", problem ? warn(status) : status, problem);
}

QString CertificateDetailsPanel::keyStatus(const Certificate &certificate,
                                           const QString &certificatePath, bool *problem) {
    // The same checks the proxy makes before serving: the key is there, unencrypted, and
    // belongs to the certificate (CertificateBundle::fromPem compares them).
    const auto matchCheck = [&](const QByteArray &keyPem, const QString &present) {
        if (certificatePath.isEmpty())
            return present;
        QByteArray chain;
        QString error;
        certs::PrivateKey::LoadError why = certs::PrivateKey::LoadError::None;
        if (certs::readSmallFile(certificatePath, &chain, &error) &&
            certs::CertificateBundle::fromPem(chain, keyPem, {}, &error, &why))
            return tr("%1; it belongs to the certificate.").arg(present);
        *problem = true;
        if (why == certs::PrivateKey::LoadError::NeedsPassphrase)
            return tr("%1, but encrypted: the proxy cannot ask for a passphrase. Import it again "
                      "to store it unencrypted.")
                .arg(present);
        return tr("%1, but: %2").arg(present, error);
    };
    if (certificate.keyInKeychain()) {
        if (const auto known = m_keychainAnswers.constFind(certificate.name);
            known != m_keychainAnswers.cend()) {
            *problem = known->problem;
            return known->text;
        }
        const keystore::KeyStoreResult read = m_operations->readKey(certificate.name);
        QString answer;
        using Status = keystore::KeyStoreResult::Status;
        if (read.ok()) {
            answer = matchCheck(read.data, tr("The keychain holds the key"));
        } else {
            *problem = true;
            answer = read.status == Status::NotFound
                         ? tr("The keychain holds no key named '%1': issue or import the "
                              "certificate again, or point it at a key file.")
                               .arg(certificate.name)
                         : read.message;
        }
        m_keychainAnswers.insert(certificate.name, {answer, *problem});
        return answer;
    }
    const QString keyPath = m_document->topology().resolvePath(certificate.privateKey);
    const QFileInfo file(keyPath);
    if (!file.exists()) {
        *problem = true;
        return tr("The key file does not exist.");
    }
    QByteArray keyPem;
    QString error;
    if (!certs::readSmallFile(keyPath, &keyPem, &error)) {
        *problem = true;
        return error;
    }
    QString status = matchCheck(keyPem, tr("The key file is there"));
    const auto others = QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup |
                        QFileDevice::WriteOther;
    if (file.permissions() & others) {
        *problem = true;
        status += u' ' + tr("Other users can read it: make it mode 0600.");
    } else {
        status += u' ' + tr("Mode 0600.");
    }
    return status;
}

} // namespace ingress::ui
