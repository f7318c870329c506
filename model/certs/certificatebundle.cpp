#include "model/certs/certificatebundle.h"

#include "model/certs/certificatereader.h"
#include "model/certs/opensslerror.h"
#include "model/certs/opensslptr.h"
#include "model/certs/secretfile.h"
#include "model/topology/certificateinfo.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <QDir>

namespace ingress::certs {

namespace {

std::vector<X509 *> readCertificates(const QByteArray &pem) {
    std::vector<X509 *> chain;
    BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    while (X509 *cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        chain.push_back(cert);
    ERR_clear_error(); // the end of the data reads as "no start line"
    return chain;
}

QString keyMismatch(const CertificateBundle &bundle) {
    const PrivateKey &key = bundle.key();
    EVP_PKEY *certKey = X509_get0_pubkey(bundle.leaf());
    const QString certKind = certKey ? QStringLiteral("%1 %2")
                                           .arg(PrivateKey(upRef(certKey).release()).typeName())
                                           .arg(EVP_PKEY_get_bits(certKey))
                                     : QStringLiteral("unknown");
    return QStringLiteral("the private key (%1 %2) does not match the certificate (%3 key)")
        .arg(key.typeName())
        .arg(key.bits())
        .arg(certKind);
}

} // namespace

CertificateBundle::CertificateBundle() = default;

CertificateBundle::CertificateBundle(const CertificateBundle &other) : m_key(other.m_key) {
    for (X509 *cert : other.m_chain)
        m_chain.push_back(upRef(cert).release());
}

CertificateBundle &CertificateBundle::operator=(const CertificateBundle &other) {
    if (this != &other) {
        CertificateBundle copy(other);
        *this = std::move(copy);
    }
    return *this;
}

CertificateBundle::CertificateBundle(CertificateBundle &&other) noexcept
    : m_chain(std::move(other.m_chain)), m_key(std::move(other.m_key)) {
    other.m_chain.clear();
}

CertificateBundle &CertificateBundle::operator=(CertificateBundle &&other) noexcept {
    std::swap(m_chain, other.m_chain);
    std::swap(m_key, other.m_key);
    return *this;
}

CertificateBundle::~CertificateBundle() {
    clear();
}

void CertificateBundle::clear() {
    for (X509 *cert : m_chain)
        X509_free(cert);
    m_chain.clear();
}

CertificateBundle CertificateBundle::fromParts(std::vector<X509 *> chain, PrivateKey key) {
    CertificateBundle bundle;
    bundle.m_chain = std::move(chain);
    bundle.m_key = std::move(key);
    return bundle;
}

std::optional<CertificateBundle> CertificateBundle::fromPem(const QByteArray &chainPem,
                                                            const QByteArray &keyPem,
                                                            const QByteArray &passphrase,
                                                            QString *error,
                                                            PrivateKey::LoadError *why) {
    if (why)
        *why = PrivateKey::LoadError::Invalid;
    // CertificateInfo reads the PEM strictly (junk between blocks, keys mixed into the
    // chain, truncation) and says where; reuse it rather than a second, laxer parser.
    QString reason;
    if (!readCertificatePem(chainPem, &reason)) {
        *error = QStringLiteral("certificate: %1").arg(reason);
        return std::nullopt;
    }
    auto key = PrivateKey::fromPem(keyPem, passphrase, &reason, why);
    if (!key) {
        *error = QStringLiteral("private key: %1").arg(reason);
        return std::nullopt;
    }
    CertificateBundle bundle = fromParts(readCertificates(chainPem), std::move(*key));
    if (bundle.isNull()) {
        *error = QStringLiteral("certificate: no certificate found");
        return std::nullopt;
    }
    if (!bundle.m_key.matches(bundle.leaf())) {
        if (why)
            *why = PrivateKey::LoadError::Invalid;
        *error = keyMismatch(bundle);
        return std::nullopt;
    }
    return bundle;
}

std::optional<CertificateBundle> CertificateBundle::fromPemFiles(const QString &chainPath,
                                                                 const QString &keyPath,
                                                                 const QByteArray &passphrase,
                                                                 QString *error,
                                                                 PrivateKey::LoadError *why) {
    QByteArray chainPem, keyPem;
    if (!readSmallFile(chainPath, &chainPem, error) || !readSmallFile(keyPath, &keyPem, error))
        return std::nullopt;
    auto bundle = fromPem(chainPem, keyPem, passphrase, error, why);
    if (!bundle) {
        const bool keyProblem = error->startsWith(u"private key");
        *error = QStringLiteral("%1: %2").arg(keyProblem ? keyPath : chainPath, *error);
    }
    return bundle;
}

std::optional<CertificateBundle> CertificateBundle::fromPkcs12(const QByteArray &der,
                                                               const QByteArray &passphrase,
                                                               QString *error,
                                                               PrivateKey::LoadError *why) {
    if (why)
        *why = PrivateKey::LoadError::Invalid;
    ERR_clear_error();
    BioPtr bio(BIO_new_mem_buf(der.constData(), int(der.size())));
    Pkcs12Ptr p12(d2i_PKCS12_bio(bio.get(), nullptr));
    if (!p12) {
        *error = QStringLiteral("not a PKCS#12 file (%1)").arg(takeOpenSslError());
        return std::nullopt;
    }
    // Check the MAC first: it is how PKCS#12 says "wrong passphrase". An empty passphrase is
    // tried both as "" and as absent, as tools differ on which one they wrote.
    const QByteArray pass = passphrase;
    const bool macOk = PKCS12_verify_mac(p12.get(), pass.constData(), int(pass.size())) == 1 ||
                       (pass.isEmpty() && PKCS12_verify_mac(p12.get(), nullptr, 0) == 1);
    if (!macOk) {
        ERR_clear_error();
        if (why)
            *why = passphrase.isEmpty() ? PrivateKey::LoadError::NeedsPassphrase
                                        : PrivateKey::LoadError::WrongPassphrase;
        *error = passphrase.isEmpty()
                     ? QStringLiteral("the PKCS#12 file is protected: a passphrase is needed")
                     : QStringLiteral("wrong passphrase for the PKCS#12 file");
        return std::nullopt;
    }
    EVP_PKEY *pkey = nullptr;
    X509 *cert = nullptr;
    STACK_OF(X509) *cas = nullptr;
    if (!PKCS12_parse(p12.get(), pass.isEmpty() ? nullptr : pass.constData(), &pkey, &cert, &cas)) {
        *error = QStringLiteral("cannot read the PKCS#12 file: %1").arg(takeOpenSslError());
        return std::nullopt;
    }
    std::vector<X509 *> chain;
    if (cert)
        chain.push_back(cert);
    // PKCS12_parse returns the extra certificates in file order; keep it.
    for (int i = 0; cas && i < sk_X509_num(cas); ++i)
        chain.push_back(sk_X509_value(cas, i));
    sk_X509_free(cas); // the certificates now belong to `chain`
    CertificateBundle bundle = fromParts(std::move(chain), PrivateKey(pkey));
    if (!cert || !pkey) {
        *error = pkey ? QStringLiteral("the PKCS#12 file holds no certificate for its key")
                      : QStringLiteral("the PKCS#12 file holds no private key");
        return std::nullopt;
    }
    if (!bundle.m_key.matches(bundle.leaf())) {
        *error = keyMismatch(bundle);
        return std::nullopt;
    }
    if (why)
        *why = PrivateKey::LoadError::None;
    return bundle;
}

QByteArray CertificateBundle::chainPem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    for (X509 *cert : m_chain)
        PEM_write_bio_X509(bio.get(), cert);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(size));
}

QByteArray CertificateBundle::keyPem(const QByteArray &passphrase) const {
    return m_key.toPem(passphrase);
}

QByteArray CertificateBundle::toPkcs12(const QString &friendlyName, const QByteArray &passphrase,
                                       QString *error) const {
    if (isNull() || m_key.isNull()) {
        *error = QStringLiteral("nothing to export");
        return {};
    }
    STACK_OF(X509) *cas = sk_X509_new_null();
    for (std::size_t i = 1; i < m_chain.size(); ++i)
        sk_X509_push(cas, m_chain[i]);
    const QByteArray name = friendlyName.toUtf8();
    // OpenSSL 3 defaults: AES-256-CBC with PBKDF2 and a SHA-256 MAC.
    Pkcs12Ptr p12(PKCS12_create(passphrase.isEmpty() ? nullptr : passphrase.constData(),
                                name.constData(), m_key.handle(), leaf(), cas, 0, 0, 0, 0, 0));
    sk_X509_free(cas);
    if (!p12) {
        *error = QStringLiteral("cannot create PKCS#12: %1").arg(takeOpenSslError());
        return {};
    }
    BioPtr bio(BIO_new(BIO_s_mem()));
    i2d_PKCS12_bio(bio.get(), p12.get());
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(size));
}

bool CertificateBundle::writeTo(const QString &dir, const QString &baseName, bool withKey,
                                QString *error) const {
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral("%1: cannot create directory").arg(dir);
        return false;
    }
    const QDir d(dir);
    if (!writePublicFile(d.filePath(baseName + QStringLiteral(".crt")), chainPem(), error))
        return false;
    return !withKey ||
           writeSecretFile(d.filePath(baseName + QStringLiteral(".key")), keyPem(), error);
}

} // namespace ingress::certs
