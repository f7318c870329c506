#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace ingress {

// What a PEM certificate says (model/certs/certificatereader.h reads it with OpenSSL 3). The first
// certificate of a chain is the leaf; the others are kept for chain checks.
struct CertificateInfo {
    QString subject;
    QString issuer;
    QStringList dnsNames;    // subjectAltName DNS entries (lowercase)
    QStringList ipAddresses; // subjectAltName IP entries
    QString commonName;
    QDateTime notBefore;
    QDateTime notAfter;
    QString keyType; // "RSA", "EC", "Ed25519", ...
    int keyBits = 0;
    QString sha256Fingerprint; // "AB:CD:..."
    bool isCa = false;
    bool selfSigned = false;
    int chainLength = 1;
    bool chainInOrder = true; // each certificate is issued by the next one
    QByteArray publicKeyDer;  // the leaf's SubjectPublicKeyInfo, to match private keys against

    // Names the certificate is valid for: SAN DNS names, or the CN when there are none.
    QStringList names() const;
    bool covers(const QString &host) const;
};

} // namespace ingress
