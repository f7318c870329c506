#include "model/certs/certificateauthority.h"

#include "model/certs/opensslptr.h"
#include "model/certs/secretfile.h"
#include "model/certs/x509builder.h"

#include <openssl/x509v3.h>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace ingress::certs {

QString CertificateAuthority::defaultFolder() {
    // The desktop app's AppDataLocation (organization "ingress-studio", application "Ingress
    // Studio"), spelled out so that the CLI, under another application name, finds it too.
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("ingress-studio/Ingress Studio/ca"));
}

std::optional<CertificateAuthority> CertificateAuthority::create(const QString &name,
                                                                 const KeySpec &keySpec,
                                                                 int validityDays, QString *error) {
    if (name.trimmed().isEmpty()) {
        *error = QStringLiteral("the CA needs a name");
        return std::nullopt;
    }
    if (validityDays < 1 || validityDays > 36500) {
        *error = QStringLiteral("CA validity must be 1 to 36500 days, not %1").arg(validityDays);
        return std::nullopt;
    }
    auto key = PrivateKey::generate(keySpec, error);
    if (!key)
        return std::nullopt;
    X509Builder builder;
    builder.setSubjectName(name.trimmed(), QStringLiteral("Ingress Studio development CA"));
    builder.setPublicKey(key->handle());
    builder.setValidityDays(validityDays);
    // pathlen:0: this CA signs host certificates only, never another CA, which limits what a
    // stolen development CA key could do.
    if (!builder.addExtension(NID_basic_constraints, QStringLiteral("critical,CA:TRUE,pathlen:0"),
                              nullptr, error) ||
        !builder.addExtension(NID_key_usage, QStringLiteral("critical,keyCertSign,cRLSign"),
                              nullptr, error) ||
        !builder.addExtension(NID_subject_key_identifier, QStringLiteral("hash"), nullptr, error))
        return std::nullopt;
    X509Ptr cert = builder.sign(nullptr, key->handle(), error);
    if (!cert)
        return std::nullopt;
    CertificateAuthority ca;
    ca.m_bundle = CertificateBundle::fromParts({cert.release()}, std::move(*key));
    return ca;
}

std::optional<CertificateAuthority> CertificateAuthority::load(const QString &dir, QString *error) {
    const QDir d(dir);
    if (!QFileInfo(dir).isDir()) {
        *error =
            QStringLiteral("%1: no such CA directory (create one with 'cert new-ca')").arg(dir);
        return std::nullopt;
    }
    auto bundle = CertificateBundle::fromPemFiles(d.filePath(certificateFile), d.filePath(keyFile),
                                                  {}, error);
    if (!bundle)
        return std::nullopt;
    if (X509_check_ca(bundle->leaf()) == 0) {
        *error = QStringLiteral("%1: not a CA certificate (basicConstraints CA:TRUE missing)")
                     .arg(d.filePath(certificateFile));
        return std::nullopt;
    }
    CertificateAuthority ca;
    ca.m_bundle = std::move(*bundle);
    return ca;
}

bool CertificateAuthority::save(const QString &dir, QString *error) const {
    if (!m_bundle.writeTo(dir, QStringLiteral("ca"), true, error))
        return false;
    const QString caPath = QDir(dir).absoluteFilePath(certificateFile);
    return writePublicFile(QDir(dir).filePath(trustFile), trustInstructions(caPath).toUtf8(),
                           error);
}

QString CertificateAuthority::trustInstructions(const QString &caPath) {
    return QStringLiteral(
               "Trusting the Ingress Studio development CA\n"
               "==========================================\n"
               "\n"
               "Certificates issued from this CA are accepted once the CA certificate\n"
               "  %1\n"
               "is trusted. Trust it only on machines you develop on, and keep ca.key private:\n"
               "whoever holds it can impersonate any site to those machines.\n"
               "\n"
               "curl, one call:   curl --cacert %1 https://myapp.test/\n"
               "Debian/Ubuntu:    sudo cp %1 /usr/local/share/ca-certificates/ingress-dev-ca.crt\n"
               "                  sudo update-ca-certificates\n"
               "Fedora/RHEL:      sudo cp %1 /etc/pki/ca-trust/source/anchors/ingress-dev-ca.crt\n"
               "                  sudo update-ca-trust\n"
               "macOS:            sudo security add-trusted-cert -d -r trustRoot \\\n"
               "                    -k /Library/Keychains/System.keychain %1\n"
               "Windows:          certutil -addstore -f Root %1\n"
               "Firefox:          Settings > Privacy & Security > Certificates > View\n"
               "                  Certificates > Authorities > Import (Firefox keeps its own\n"
               "                  store), or set security.enterprise_roots.enabled = true.\n"
               "Node.js:          NODE_EXTRA_CA_CERTS=%1\n"
               "\n"
               "To stop trusting it, remove the file again and rerun the update command.\n")
        .arg(caPath);
}

} // namespace ingress::certs
