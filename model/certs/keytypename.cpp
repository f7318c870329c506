#include "model/certs/keytypename.h"

#include <openssl/evp.h>

namespace ingress {

QString keyTypeName(const EVP_PKEY *key) {
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
        return QStringLiteral("RSA");
    case EVP_PKEY_RSA_PSS:
        return QStringLiteral("RSA-PSS");
    case EVP_PKEY_EC:
        return QStringLiteral("EC");
    case EVP_PKEY_ED25519:
        return QStringLiteral("Ed25519");
    case EVP_PKEY_ED448:
        return QStringLiteral("Ed448");
    case EVP_PKEY_DSA:
        return QStringLiteral("DSA");
    default:
        return QString::fromLatin1(EVP_PKEY_get0_type_name(key));
    }
}

} // namespace ingress
