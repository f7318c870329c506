#include "tests/model/testcertificates.h"

#include <cstdio>
#include <cstdlib>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <QFile>

namespace testcerts {

namespace {

[[noreturn]] void die(const char *what) {
    std::fprintf(stderr, "testcertificates: %s failed\n", what);
    std::abort();
}

std::shared_ptr<EVP_PKEY> makeKey(KeyKind kind) {
    EVP_PKEY *key = nullptr;
    switch (kind) {
    case KeyKind::Rsa1024:
        key = EVP_RSA_gen(1024);
        break;
    case KeyKind::Rsa2048:
        key = EVP_RSA_gen(2048);
        break;
    case KeyKind::EcP256:
        key = EVP_EC_gen("P-256");
        break;
    }
    if (!key)
        die("key generation");
    return {key, EVP_PKEY_free};
}

void addExtension(X509 *cert, X509V3_CTX *context, int nid, const QByteArray &value) {
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, context, nid, value.constData());
    if (!extension || X509_add_ext(cert, extension, -1) != 1)
        die("X509_add_ext");
    X509_EXTENSION_free(extension);
}

QByteArray fromBio(BIO *bio) {
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QByteArray result(data, int(size));
    BIO_free(bio);
    return result;
}

} // namespace

Issued issue(const Spec &spec, const Issued *issuer) {
    Issued issued;
    issued.key = makeKey(spec.key);
    std::shared_ptr<X509> cert(X509_new(), X509_free);
    X509 *x = cert.get();
    X509_set_version(x, X509_VERSION_3);
    unsigned char serial[8];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM *number = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(number, X509_get_serialNumber(x));
    BN_free(number);
    X509_gmtime_adj(X509_getm_notBefore(x), long(spec.notBeforeDays) * 86400);
    X509_gmtime_adj(X509_getm_notAfter(x), long(spec.notAfterDays) * 86400);
    X509_NAME *name = X509_get_subject_name(x);
    const QByteArray cn = spec.commonName.toUtf8();
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>("Ingress Studio Tests"), -1,
                               -1, 0);
    if (!cn.isEmpty())
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1,
                                   0);
    X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer->certificate.get()) : name);
    X509_set_pubkey(x, issued.key.get());

    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer ? issuer->certificate.get() : x, x, nullptr, nullptr, 0);
    addExtension(x, &context, NID_basic_constraints,
                 spec.ca ? QByteArrayLiteral("critical,CA:TRUE")
                         : QByteArrayLiteral("critical,CA:FALSE"));
    addExtension(x, &context, NID_subject_key_identifier, "hash");
    addExtension(x, &context, NID_authority_key_identifier, "keyid:always");
    QStringList alt;
    for (const QString &dns : spec.dnsNames)
        alt << QStringLiteral("DNS:") + dns;
    for (const QString &ip : spec.ipAddresses)
        alt << QStringLiteral("IP:") + ip;
    if (!alt.isEmpty())
        addExtension(x, &context, NID_subject_alt_name, alt.join(u',').toUtf8());

    EVP_PKEY *signer = issuer ? issuer->key.get() : issued.key.get();
    if (X509_sign(x, signer, EVP_sha256()) == 0)
        die("X509_sign");
    issued.certificate = cert;
    return issued;
}

QByteArray Issued::certificatePem() const {
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, certificate.get());
    return fromBio(bio);
}

QByteArray Issued::keyPem() const {
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return fromBio(bio);
}

QByteArray Issued::certificateDer() const {
    unsigned char *der = nullptr;
    const int size = i2d_X509(certificate.get(), &der);
    QByteArray result(reinterpret_cast<const char *>(der), size);
    OPENSSL_free(der);
    return result;
}

bool writeFile(const QString &path, const QByteArray &data) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

} // namespace testcerts
