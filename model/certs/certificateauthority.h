#pragma once

#include "model/certs/certificatebundle.h"
#include "model/certs/keyspec.h"

#include <optional>
#include <QString>

namespace ingress::certs {

// A local development certificate authority: a self-signed CA certificate and its key, kept
// in a folder as ca.crt (0644) and ca.key (0600). Users trust ca.crt once and every host
// certificate issued from it is accepted by their browsers and curl.
class CertificateAuthority {
public:
    static inline const QString certificateFile = QStringLiteral("ca.crt");
    static inline const QString keyFile = QStringLiteral("ca.key");
    static inline const QString trustFile = QStringLiteral("TRUST-THIS-CA.txt");
    static constexpr int defaultValidityDays = 3650;

    static std::optional<CertificateAuthority> create(const QString &name, const KeySpec &key,
                                                      int validityDays, QString *error);
    // Where the desktop app keeps its CA unless told otherwise (its data folder's ca/), so that
    // `serve` finds the same one.
    static QString defaultFolder();
    // Reads DIR/ca.crt and DIR/ca.key; checks that they match and that ca.crt is a CA.
    static std::optional<CertificateAuthority> load(const QString &dir, QString *error);
    // Writes ca.crt, ca.key and the trust instructions into `dir` (created if missing).
    bool save(const QString &dir, QString *error) const;

    X509 *certificate() const { return m_bundle.leaf(); }
    const PrivateKey &key() const { return m_bundle.key(); }
    QByteArray certificatePem() const { return m_bundle.chainPem(); }
    // How to make browsers, curl and the OS trust the CA at `caPath`, per platform.
    static QString trustInstructions(const QString &caPath);

private:
    CertificateBundle m_bundle;
};

} // namespace ingress::certs
