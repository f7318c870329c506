#pragma once

#include "model/topology/certificatefilefacts.h"
#include "model/topology/certificateinfo.h"

#include <optional>
#include <QByteArray>
#include <QString>

namespace ingress {

// Reads a PEM file or PEM data with OpenSSL 3. On failure returns nothing and sets `error` to a
// message that says what is wrong ("not a PEM certificate", "no such file", ...).
std::optional<CertificateInfo> readCertificateFile(const QString &path, QString *error);
std::optional<CertificateInfo> readCertificatePem(const QByteArray &pem, QString *error);

// The SubjectPublicKeyInfo (DER) of a PEM private key, comparable with publicKeyDer.
// Nothing when the key is encrypted or unreadable (the key-file rule says which).
std::optional<QByteArray> publicKeyOfPrivateKey(const QByteArray &keyPem);

// Both files of a certificate, for validation (ValidationContext::readCertificateFiles). An
// empty keyPath (the key is in the keychain or not given) reads the certificate alone.
CertificateFileFacts readCertificateFiles(const QString &certificatePath, const QString &keyPath);

} // namespace ingress
