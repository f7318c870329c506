#pragma once

#include "model/certs/keyspec.h"

#include <openssl/types.h>
#include <optional>
#include <QByteArray>
#include <QString>

namespace ingress::certs {

// A private key (shared, reference-counted OpenSSL EVP_PKEY). Copies share the key.
class PrivateKey {
public:
    // Why loading failed, so callers can ask for a passphrase instead of just failing.
    enum class LoadError { None, NeedsPassphrase, WrongPassphrase, Invalid };

    PrivateKey() = default;
    explicit PrivateKey(EVP_PKEY *adopted); // takes ownership of one reference
    PrivateKey(const PrivateKey &other);
    PrivateKey &operator=(const PrivateKey &other);
    PrivateKey(PrivateKey &&other) noexcept;
    PrivateKey &operator=(PrivateKey &&other) noexcept;
    ~PrivateKey();

    static std::optional<PrivateKey> generate(const KeySpec &spec, QString *error);
    // PEM in any form OpenSSL reads (PKCS#8, traditional RSA/EC, encrypted or not).
    static std::optional<PrivateKey> fromPem(const QByteArray &pem, const QByteArray &passphrase,
                                             QString *error, LoadError *why = nullptr);

    bool isNull() const { return m_key == nullptr; }
    EVP_PKEY *handle() const { return m_key; }
    // Unencrypted PKCS#8 PEM; with a passphrase, encrypted with AES-256-CBC.
    QByteArray toPem(const QByteArray &passphrase = {}) const;
    QString typeName() const; // keyTypeName(): "RSA", "RSA-PSS", "EC", "Ed25519", ...
    int bits() const;
    // Does this key belong to `certificate`?
    bool matches(X509 *certificate) const;

private:
    EVP_PKEY *m_key = nullptr;
};

} // namespace ingress::certs
