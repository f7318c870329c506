#include "ui/certificates/certificateoperations.h"

#include "keystore/keystore.h"
#include "model/certs/certificateauthority.h"
#include "model/certs/certificatebundle.h"
#include "model/certs/certificatefiles.h"
#include "model/certs/certificateissuer.h"
#include "model/certs/secretfile.h"
#include "model/items/documenteditor.h"
#include "model/items/insertitemcommand.h"
#include "model/items/topologydocument.h"

#include <chrono>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QUndoStack>

namespace ingress::ui {

namespace {

// The GUI waits for the keychain on its own thread; a hidden unlock prompt must not freeze
// the window for the CLI's 15 s.
constexpr std::chrono::seconds keychainTimeout{5};
const QString lastCaFolderKey = QStringLiteral("certificates/caFolder");

CertificateOutcome failure(const QString &error) {
    CertificateOutcome outcome;
    outcome.error = error;
    return outcome;
}

} // namespace

CertificateOperations::CertificateOperations(TopologyDocument *document)
    : m_document(document), m_readKey([](const QString &name) {
          return keystore::KeyStore(keystore::KeyStore::defaultService, keychainTimeout).read(name);
      }),
      m_writeKey([](const QString &name, const QByteArray &pem) {
          return keystore::KeyStore(keystore::KeyStore::defaultService, keychainTimeout)
              .write(name, pem);
      }) {
}

void CertificateOperations::setKeychain(KeyReader reader, KeyWriter writer) {
    m_readKey = std::move(reader);
    m_writeKey = std::move(writer);
}

CertificateOutcome CertificateOperations::createCa(const QString &name, const QString &folder,
                                                   const certs::KeySpec &key, int validityDays,
                                                   bool replace) const {
    if (name.trimmed().isEmpty())
        return failure(QObject::tr("The CA needs a name."));
    if (folder.trimmed().isEmpty())
        return failure(QObject::tr("Choose a folder for the CA."));
    const QDir dir(folder);
    // The same refusal as `cert new-ca` without --force.
    if (QFileInfo::exists(dir.filePath(certs::CertificateAuthority::keyFile)) && !replace)
        return failure(QObject::tr("%1 already holds a CA; certificates issued from it would stop "
                                   "being trusted if it were replaced.")
                           .arg(QDir::toNativeSeparators(dir.absolutePath())));
    QString error;
    const auto ca = certs::CertificateAuthority::create(name.trimmed(), key, validityDays, &error);
    if (!ca || !ca->save(dir.absolutePath(), &error))
        return failure(error);
    CertificateOutcome outcome;
    outcome.ok = true;
    outcome.trustInstructions = certs::CertificateAuthority::trustInstructions(
        dir.absoluteFilePath(certs::CertificateAuthority::certificateFile));
    outcome.summary = QObject::tr("Created CA '%1' in %2")
                          .arg(name.trimmed(), QDir::toNativeSeparators(dir.absolutePath()));
    return outcome;
}

CertificateOutcome CertificateOperations::issue(const IssueOptions &options) const {
    certs::IssueRequest request;
    request.hosts = options.hosts;
    request.key = options.key;
    request.validityDays = options.validityDays;
    if (request.hosts.isEmpty())
        return failure(QObject::tr("Enter at least one host name."));
    QString error;
    std::optional<certs::CertificateBundle> bundle;
    if (!options.caFolder.isEmpty()) {
        const auto authority = certs::CertificateAuthority::load(options.caFolder, &error);
        if (!authority)
            return failure(error);
        bundle = certs::CertificateIssuer::issue(*authority, request, &error);
    } else {
        bundle = certs::CertificateIssuer::selfSigned(request, &error);
    }
    if (!bundle)
        return failure(error);
    CertificateOutcome outcome = store(*bundle, options.name, options.folder, options.storage);
    if (outcome.ok)
        outcome.summary = QObject::tr("Issued '%1' for %2")
                              .arg(options.name, options.hosts.join(QStringLiteral(", ")));
    return outcome;
}

CertificateOutcome CertificateOperations::import(const ImportOptions &options) const {
    QByteArray data, keyData;
    QString error;
    if (options.file.isEmpty())
        return failure(QObject::tr("Choose the certificate file."));
    if (!certs::readSmallFile(options.file, &data, &error))
        return failure(error);
    const bool pkcs12 = certs::looksLikePkcs12(options.file, data);
    if (!pkcs12 && options.keyFile.isEmpty())
        return failure(
            QObject::tr("A PEM certificate needs its private key: choose the key file."));
    if (!pkcs12 && !certs::readSmallFile(options.keyFile, &keyData, &error))
        return failure(error);
    certs::PrivateKey::LoadError why = certs::PrivateKey::LoadError::None;
    const auto bundle =
        pkcs12 ? certs::CertificateBundle::fromPkcs12(data, options.passphrase, &error, &why)
               : certs::CertificateBundle::fromPem(data, keyData, options.passphrase, &error, &why);
    if (!bundle) {
        CertificateOutcome outcome = failure(error);
        outcome.loadError = why;
        return outcome;
    }
    const QString name =
        options.name.isEmpty() ? QFileInfo(options.file).completeBaseName() : options.name;
    CertificateOutcome outcome = store(*bundle, name, options.folder, options.storage);
    if (outcome.ok)
        outcome.summary = QObject::tr("Imported '%1'").arg(name);
    return outcome;
}

CertificateOutcome CertificateOperations::exportCa(const QString &caFolder,
                                                   const QString &target) const {
    if (target.isEmpty())
        return failure(QObject::tr("Choose where to write the CA certificate."));
    QString error;
    const auto authority = certs::CertificateAuthority::load(caFolder, &error);
    if (!authority)
        return failure(error);
    if (!QFileInfo(target).absoluteDir().mkpath(QStringLiteral(".")))
        return failure(QObject::tr("%1: cannot create the folder")
                           .arg(QDir::toNativeSeparators(QFileInfo(target).absolutePath())));
    if (!certs::writePublicFile(target, authority->certificatePem(), &error))
        return failure(error);
    CertificateOutcome outcome;
    outcome.ok = true;
    const QString absolute = QFileInfo(target).absoluteFilePath();
    outcome.trustInstructions = certs::CertificateAuthority::trustInstructions(absolute);
    outcome.summary =
        QObject::tr("Exported the CA certificate to %1").arg(QDir::toNativeSeparators(absolute));
    return outcome;
}

CertificateOutcome CertificateOperations::store(const certs::CertificateBundle &bundle,
                                                const QString &name, const QString &folder,
                                                KeyStorage storage) const {
    if (name.trimmed().isEmpty() || name != name.trimmed())
        return failure(QObject::tr("Enter a name without leading or trailing spaces."));
    if (name.contains(u'/') || name.contains(u'\\'))
        return failure(QObject::tr("The name is also the file name: it cannot contain '/'."));
    if (folder.trimmed().isEmpty())
        return failure(QObject::tr("Choose a folder for the certificate."));
    const QDir dir(folder);
    QString error;
    if (storage == KeyStorage::Keychain) {
        const keystore::KeyStoreResult stored = m_writeKey(name, bundle.keyPem());
        if (!stored.ok()) {
            CertificateOutcome outcome = failure(stored.message);
            outcome.keychainStatus = stored.status;
            return outcome;
        }
    }
    if (!bundle.writeTo(dir.absolutePath(), name, storage == KeyStorage::KeyFile, &error))
        return failure(error);

    Certificate entry;
    entry.name = name;
    entry.certificate = documentPath(dir.absoluteFilePath(name + QStringLiteral(".crt")));
    entry.privateKey = storage == KeyStorage::Keychain
                           ? Certificate::keychain
                           : documentPath(dir.absoluteFilePath(name + QStringLiteral(".key")));
    CertificateOutcome outcome;
    outcome.ok = true;
    const QList<Certificate> &existing = m_document->topology().certificates;
    for (int row = 0; row < existing.size(); ++row) {
        if (existing.at(row).name != name)
            continue;
        // New files under a name the document already uses: point that entry at them, so the
        // hosts whose `tls:` names it get the new certificate.
        Certificate updated = existing.at(row);
        updated.certificate = entry.certificate;
        updated.privateKey = entry.privateKey;
        outcome.certificate = ItemRef::certificate(row);
        DocumentEditor(m_document).replace(outcome.certificate, updated);
        return outcome;
    }
    outcome.certificate = ItemRef::certificate(int(existing.size()));
    m_document->undoStack()->push(
        new InsertItemCommand<Certificate>(m_document, outcome.certificate, entry));
    return outcome;
}

QStringList CertificateOperations::tlsHosts() const {
    QStringList withTls, all;
    for (const VirtualHost &host : m_document->topology().hosts) {
        if (host.host.isEmpty())
            continue;
        all.append(host.host);
        if (!host.tls.isEmpty())
            withTls.append(host.host);
    }
    all.removeDuplicates();
    withTls.removeDuplicates();
    return withTls.isEmpty() ? all : withTls;
}

QString CertificateOperations::defaultFolder() const {
    const QString path = m_document->filePath();
    if (!path.isEmpty())
        return QFileInfo(path).absoluteDir().filePath(QStringLiteral("certs"));
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("certs"));
}

QString CertificateOperations::defaultCaFolder() {
    return certs::CertificateAuthority::defaultFolder();
}

QString CertificateOperations::lastCaFolder() {
    return QSettings().value(lastCaFolderKey, defaultCaFolder()).toString();
}

void CertificateOperations::rememberCaFolder(const QString &folder) {
    QSettings().setValue(lastCaFolderKey, folder);
}

QString CertificateOperations::documentPath(const QString &absolutePath) const {
    const QString path = m_document->filePath();
    if (path.isEmpty())
        return absolutePath;
    // Next to the document (certs/...): relative, so the project folder can move. Elsewhere
    // (a shared folder): absolute, which survives moving the document alone.
    const QString relative = QFileInfo(path).absoluteDir().relativeFilePath(absolutePath);
    return relative.startsWith(QLatin1String("..")) ? absolutePath : relative;
}

} // namespace ingress::ui
