#pragma once

#include "keystore/keystoreresult.h"
#include "model/certs/keyspec.h"
#include "model/certs/privatekey.h"
#include "model/topology/certificate.h"
#include "model/topology/itemref.h"

#include <functional>
#include <QString>
#include <QStringList>

namespace ingress {
class TopologyDocument;
}
namespace ingress::certs {
class CertificateBundle;
}

namespace ingress::ui {

// Where a new private key goes: the OS keychain (entry = the certificate's name) or a 0600
// file next to the certificate.
enum class KeyStorage { Keychain, KeyFile };

// What one certificate action did, or why not. The dialogs show `error` and use the two
// reasons to offer the way out: a key file when there is no keychain, a passphrase prompt.
struct CertificateOutcome {
    bool ok = false;
    QString error;
    keystore::KeyStoreResult::Status keychainStatus = keystore::KeyStoreResult::Status::Ok;
    certs::PrivateKey::LoadError loadError = certs::PrivateKey::LoadError::None;
    ItemRef certificate;       // issue / import: the document's entry
    QString trustInstructions; // new CA / export CA
    QString summary;           // one line for the status bar

    bool noKeychain() const {
        return keychainStatus == keystore::KeyStoreResult::Status::NoKeychain;
    }
};

struct IssueOptions {
    QString caFolder; // empty: self-signed
    QStringList hosts;
    QString name;   // the document's certificate name and the files' base name
    QString folder; // where NAME.crt (and NAME.key) go
    certs::KeySpec key;
    int validityDays = 825;
    KeyStorage storage = KeyStorage::KeyFile;
};

struct ImportOptions {
    QString file;    // PEM chain or PKCS#12
    QString keyFile; // PEM key, for a PEM chain
    QByteArray passphrase;
    QString name;
    QString folder;
    KeyStorage storage = KeyStorage::KeyFile;
};

// The `cert` subcommands' work for the GUI, on the same ingress_certs / keystore calls as
// cli/cert*.cpp, plus the document side: a certificate made or imported is added to the
// document through an undo command (or replaces the entry of the same name). Kept apart from
// the dialogs so the dialogs only collect input and show outcomes.
class CertificateOperations {
public:
    using KeyReader = std::function<keystore::KeyStoreResult(const QString &name)>;
    using KeyWriter =
        std::function<keystore::KeyStoreResult(const QString &name, const QByteArray &pem)>;

    explicit CertificateOperations(TopologyDocument *document);

    TopologyDocument *document() const { return m_document; }
    // Tests replace the OS keychain; the default is keystore::KeyStore.
    void setKeychain(KeyReader reader, KeyWriter writer);
    keystore::KeyStoreResult readKey(const QString &name) const { return m_readKey(name); }

    CertificateOutcome createCa(const QString &name, const QString &folder,
                                const certs::KeySpec &key, int validityDays, bool replace) const;
    CertificateOutcome issue(const IssueOptions &options) const;
    CertificateOutcome import(const ImportOptions &options) const;
    CertificateOutcome exportCa(const QString &caFolder, const QString &target) const;

    // Hosts that name a certificate with `tls:` (all hosts when none does), for prefilling.
    QStringList tlsHosts() const;
    // The saved document's certs/ folder, else one in the user's data folder.
    QString defaultFolder() const;
    static QString defaultCaFolder();
    // The CA folder used last (the dialogs start from it), else defaultCaFolder().
    static QString lastCaFolder();
    static void rememberCaFolder(const QString &folder);
    // A path as the document should hold it: relative to a saved document's folder.
    QString documentPath(const QString &absolutePath) const;

private:
    // Stores the key (keychain first, like `cert import`, so nothing is written when it
    // fails), writes the files and adds or replaces the document's entry.
    CertificateOutcome store(const certs::CertificateBundle &bundle, const QString &name,
                             const QString &folder, KeyStorage storage) const;

    TopologyDocument *m_document;
    KeyReader m_readKey;
    KeyWriter m_writeKey;
};

} // namespace ingress::ui
