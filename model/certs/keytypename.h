#pragma once

#include <openssl/types.h>
#include <QString>

namespace ingress {

// The name people know a key's algorithm by: "RSA", "RSA-PSS", "EC", "Ed25519", "Ed448", "DSA",
// else OpenSSL's own name. RSA-PSS keys are their own type (they cannot sign with PKCS#1 v1.5),
// so they are not called RSA.
QString keyTypeName(const EVP_PKEY *key);

} // namespace ingress
