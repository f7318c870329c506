#pragma once

#include <memory>
#include <openssl/types.h>
#include <QByteArray>
#include <QString>
#include <QStringList>

// Certificates made at test time with the OpenSSL API: any validity window (the openssl CLI of
// Debian 12 cannot back-date one), any key, chains with real key identifiers.
namespace testcerts {

enum class KeyKind { Rsa1024, Rsa2048, EcP256 };

struct Spec {
    QString commonName = QStringLiteral("example.com");
    QStringList dnsNames;
    QStringList ipAddresses;
    int notBeforeDays = -1; // relative to now
    int notAfterDays = 365;
    KeyKind key = KeyKind::EcP256;
    bool ca = false;

    // Chainable setters: GCC's -Wmissing-field-initializers rejects partial designated
    // initializers of a struct with QStringList members.
    Spec &cn(const QString &value) {
        commonName = value;
        return *this;
    }
    Spec &dns(const QStringList &value) {
        dnsNames = value;
        return *this;
    }
    Spec &ips(const QStringList &value) {
        ipAddresses = value;
        return *this;
    }
    Spec &valid(int fromDays, int toDays) {
        notBeforeDays = fromDays;
        notAfterDays = toDays;
        return *this;
    }
    Spec &keyKind(KeyKind value) {
        key = value;
        return *this;
    }
    Spec &authority() {
        ca = true;
        return *this;
    }
};

struct Issued {
    std::shared_ptr<X509> certificate;
    std::shared_ptr<EVP_PKEY> key;

    QByteArray certificatePem() const;
    QByteArray keyPem() const;
    QByteArray certificateDer() const;
};

// Signed by `issuer`, or self-signed without one. Aborts the test binary on OpenSSL failure
// (there is no sensible way to go on).
Issued issue(const Spec &spec, const Issued *issuer = nullptr);

bool writeFile(const QString &path, const QByteArray &data);

} // namespace testcerts
