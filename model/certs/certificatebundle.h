#pragma once

#include "model/certs/privatekey.h"

#include <openssl/types.h>
#include <QByteArray>
#include <QString>
#include <vector>

namespace ingress::certs {

// A leaf certificate, the intermediates to serve with it, and its private key: what a TLS
// listener needs for one certificate. Import checks that the key belongs to the leaf and
// that the PEM holds certificates only, so a listener never starts with a bad pair.
class CertificateBundle {
public:
    CertificateBundle();
    CertificateBundle(const CertificateBundle &other);
    CertificateBundle &operator=(const CertificateBundle &other);
    CertificateBundle(CertificateBundle &&) noexcept;
    CertificateBundle &operator=(CertificateBundle &&) noexcept;
    ~CertificateBundle();

    // `chainPem`: leaf first, then intermediates. `keyPem` may be encrypted; `why` tells a
    // missing passphrase apart from other failures.
    static std::optional<CertificateBundle> fromPem(const QByteArray &chainPem,
                                                    const QByteArray &keyPem,
                                                    const QByteArray &passphrase, QString *error,
                                                    PrivateKey::LoadError *why = nullptr);
    static std::optional<CertificateBundle>
    fromPemFiles(const QString &chainPath, const QString &keyPath, const QByteArray &passphrase,
                 QString *error, PrivateKey::LoadError *why = nullptr);
    // PKCS#12 (.p12/.pfx) with certificate, key and optional CA certificates.
    static std::optional<CertificateBundle> fromPkcs12(const QByteArray &der,
                                                       const QByteArray &passphrase, QString *error,
                                                       PrivateKey::LoadError *why = nullptr);
    // Takes ownership of the certificates.
    static CertificateBundle fromParts(std::vector<X509 *> chain, PrivateKey key);

    bool isNull() const { return m_chain.empty(); }
    X509 *leaf() const { return m_chain.empty() ? nullptr : m_chain.front(); }
    const std::vector<X509 *> &chain() const { return m_chain; }
    const PrivateKey &key() const { return m_key; }

    QByteArray chainPem() const; // leaf first
    QByteArray keyPem(const QByteArray &passphrase = {}) const;
    QByteArray toPkcs12(const QString &friendlyName, const QByteArray &passphrase,
                        QString *error) const;

    // Writes DIR/BASE.crt (0644) and, when `withKey`, DIR/BASE.key (0600).
    bool writeTo(const QString &dir, const QString &baseName, bool withKey, QString *error) const;

private:
    void clear();

    std::vector<X509 *> m_chain; // owned, one reference each
    PrivateKey m_key;
};

} // namespace ingress::certs
