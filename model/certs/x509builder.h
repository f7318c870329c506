#pragma once

#include "model/certs/opensslptr.h"

#include <QString>
#include <QStringList>

namespace ingress::certs {

// Builds and signs one X.509 v3 certificate. Used by the CA and the issuer so that serial
// numbers, validity and extensions are set in one place.
class X509Builder {
public:
    X509Builder();

    void setSubjectName(const QString &commonName, const QString &organization = {});
    void setPublicKey(EVP_PKEY *key);
    void setValidityDays(int days);
    // Adds an extension in OpenSSL config syntax, e.g. (NID_basic_constraints,
    // "critical,CA:TRUE"). `issuer` is the issuing certificate (null: self-issued).
    bool addExtension(int nid, const QString &value, X509 *issuer, QString *error);
    // subjectAltName from host names and IP addresses.
    bool addSubjectAltNames(const QStringList &hosts, X509 *issuer, QString *error);
    // Signs with SHA-256. `issuer` null: self-signed (issuer name = subject name).
    X509Ptr sign(X509 *issuer, EVP_PKEY *issuerKey, QString *error);

private:
    X509Ptr m_cert;
};

} // namespace ingress::certs
