#include "model/certs/x509builder.h"

#include "model/certs/opensslerror.h"

#include <arpa/inet.h>
#include <openssl/bn.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

namespace ingress::certs {

X509Builder::X509Builder() : m_cert(X509_new()) {
    X509_set_version(m_cert.get(), X509_VERSION_3);
    // 128 random bits, top bit clear so the DER INTEGER stays positive: serials must be
    // unique per CA, and random ones need no state on disk.
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM *bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(m_cert.get()));
    BN_free(bn);
}

void X509Builder::setSubjectName(const QString &commonName, const QString &organization) {
    X509_NAME *name = X509_get_subject_name(m_cert.get());
    if (!organization.isEmpty()) {
        const QByteArray org = organization.toUtf8();
        X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char *>(org.constData()),
                                   int(org.size()), -1, 0);
    }
    const QByteArray cn = commonName.left(64).toUtf8(); // ub-common-name is 64
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>(cn.constData()),
                               int(cn.size()), -1, 0);
}

void X509Builder::setPublicKey(EVP_PKEY *key) {
    X509_set_pubkey(m_cert.get(), key);
}

void X509Builder::setValidityDays(int days) {
    // Backdate by an hour: a client whose clock is slightly behind would otherwise reject a
    // certificate issued a moment ago as "not yet valid".
    X509_gmtime_adj(X509_getm_notBefore(m_cert.get()), -3600);
    X509_time_adj_ex(X509_getm_notAfter(m_cert.get()), days, 0, nullptr);
}

bool X509Builder::addExtension(int nid, const QString &value, X509 *issuer, QString *error) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer ? issuer : m_cert.get(), m_cert.get(), nullptr, nullptr, 0);
    const QByteArray text = value.toUtf8();
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, text.constData());
    if (!ext) {
        *error = QStringLiteral("cannot add extension %1 = %2: %3")
                     .arg(QString::fromLatin1(OBJ_nid2sn(nid)), value, takeOpenSslError());
        return false;
    }
    const bool ok = X509_add_ext(m_cert.get(), ext, -1) == 1;
    X509_EXTENSION_free(ext);
    if (!ok)
        *error = QStringLiteral("cannot add extension: %1").arg(takeOpenSslError());
    return ok;
}

bool X509Builder::addSubjectAltNames(const QStringList &hosts, X509 *issuer, QString *error) {
    QStringList entries;
    for (const QString &host : hosts) {
        const QByteArray latin = host.toLatin1();
        unsigned char buf[16];
        const bool ip = inet_pton(AF_INET, latin.constData(), buf) == 1 ||
                        inet_pton(AF_INET6, latin.constData(), buf) == 1;
        entries << (ip ? QStringLiteral("IP:") : QStringLiteral("DNS:")) + host;
    }
    return addExtension(NID_subject_alt_name, entries.join(u','), issuer, error);
}

X509Ptr X509Builder::sign(X509 *issuer, EVP_PKEY *issuerKey, QString *error) {
    X509_set_issuer_name(m_cert.get(), issuer ? X509_get_subject_name(issuer)
                                              : X509_get_subject_name(m_cert.get()));
    // EdDSA keys sign without a separate digest; everything else with SHA-256.
    const int type = EVP_PKEY_get_base_id(issuerKey);
    const EVP_MD *digest =
        type == EVP_PKEY_ED25519 || type == EVP_PKEY_ED448 ? nullptr : EVP_sha256();
    if (X509_sign(m_cert.get(), issuerKey, digest) <= 0) {
        *error = QStringLiteral("cannot sign the certificate: %1").arg(takeOpenSslError());
        return nullptr;
    }
    return std::move(m_cert);
}

} // namespace ingress::certs
