#include "model/certs/privatekey.h"

#include "model/certs/keytypename.h"
#include "model/certs/opensslerror.h"
#include "model/certs/opensslptr.h"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <utility>

namespace ingress::certs {

PrivateKey::PrivateKey(EVP_PKEY *adopted) : m_key(adopted) {
}

PrivateKey::PrivateKey(const PrivateKey &other) : m_key(other.m_key) {
    if (m_key)
        EVP_PKEY_up_ref(m_key);
}

PrivateKey &PrivateKey::operator=(const PrivateKey &other) {
    if (this != &other) {
        PrivateKey copy(other);
        std::swap(m_key, copy.m_key);
    }
    return *this;
}

PrivateKey::PrivateKey(PrivateKey &&other) noexcept : m_key(std::exchange(other.m_key, nullptr)) {
}

PrivateKey &PrivateKey::operator=(PrivateKey &&other) noexcept {
    std::swap(m_key, other.m_key);
    return *this;
}

PrivateKey::~PrivateKey() {
    EVP_PKEY_free(m_key);
}

std::optional<PrivateKey> PrivateKey::generate(const KeySpec &spec, QString *error) {
    EVP_PKEY *key = nullptr;
    if (spec.type == KeySpec::Type::Rsa) {
        if (spec.rsaBits < 2048 || spec.rsaBits > 16384) {
            *error =
                QStringLiteral("RSA keys must have 2048 to 16384 bits, not %1").arg(spec.rsaBits);
            return std::nullopt;
        }
        key = EVP_RSA_gen(static_cast<unsigned int>(spec.rsaBits));
    } else {
        key = EVP_EC_gen("P-256");
    }
    if (!key) {
        *error = QStringLiteral("cannot generate key: %1").arg(takeOpenSslError());
        return std::nullopt;
    }
    return PrivateKey(key);
}

namespace {

struct PassphraseState {
    QByteArray passphrase;
    bool asked = false;
};

// OpenSSL asks for the passphrase only when the key is encrypted; remembering that it asked
// tells "needs a passphrase" apart from "wrong passphrase" and "not a key".
int passphraseCallback(char *buf, int size, int, void *userdata) {
    auto *state = static_cast<PassphraseState *>(userdata);
    state->asked = true;
    if (state->passphrase.isEmpty() || state->passphrase.size() > size)
        return -1;
    std::copy(state->passphrase.cbegin(), state->passphrase.cend(), buf);
    return int(state->passphrase.size());
}

} // namespace

std::optional<PrivateKey> PrivateKey::fromPem(const QByteArray &pem, const QByteArray &passphrase,
                                              QString *error, LoadError *why) {
    LoadError ignored;
    if (!why)
        why = &ignored;
    *why = LoadError::None;
    if (!pem.contains("-----BEGIN") || !pem.contains("PRIVATE KEY-----")) {
        *why = LoadError::Invalid;
        *error = QStringLiteral("not a PEM private key (no '-----BEGIN ... PRIVATE KEY-----')");
        return std::nullopt;
    }
    ERR_clear_error();
    BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    PassphraseState state{passphrase};
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio.get(), nullptr, passphraseCallback, &state);
    if (key)
        return PrivateKey(key);
    const QString reason = takeOpenSslError();
    if (state.asked && passphrase.isEmpty()) {
        *why = LoadError::NeedsPassphrase;
        *error = QStringLiteral("the private key is encrypted: a passphrase is needed");
    } else if (state.asked) {
        *why = LoadError::WrongPassphrase;
        *error = QStringLiteral("wrong passphrase for the private key (%1)").arg(reason);
    } else {
        *why = LoadError::Invalid;
        *error = QStringLiteral("cannot read the private key: %1").arg(reason);
    }
    return std::nullopt;
}

QByteArray PrivateKey::toPem(const QByteArray &passphrase) const {
    if (!m_key)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    const EVP_CIPHER *cipher = passphrase.isEmpty() ? nullptr : EVP_aes_256_cbc();
    // PEM_write_bio_PKCS8PrivateKey takes a non-const char* but does not modify it.
    QByteArray pass = passphrase;
    if (!PEM_write_bio_PKCS8PrivateKey(bio.get(), m_key, cipher,
                                       pass.isEmpty() ? nullptr : pass.data(), int(pass.size()),
                                       nullptr, nullptr))
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(size));
}

QString PrivateKey::typeName() const {
    return m_key ? keyTypeName(m_key) : QString();
}

int PrivateKey::bits() const {
    return m_key ? EVP_PKEY_get_bits(m_key) : 0;
}

bool PrivateKey::matches(X509 *certificate) const {
    if (!m_key || !certificate)
        return false;
    const bool ok = X509_check_private_key(certificate, m_key) == 1;
    ERR_clear_error(); // a mismatch leaves an error on the queue; the caller says it better
    return ok;
}

} // namespace ingress::certs
