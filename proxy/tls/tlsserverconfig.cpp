#include "tlsserverconfig.h"

#include "certificatebundle.h"

#include <openssl/evp.h>
#include <QSslCertificate>
#include <QSslKey>

namespace ingress::proxy {

QList<QSslCipher> TlsServerConfig::modernCiphers() {
    QList<QSslCipher> ciphers;
    for (const QSslCipher &cipher : QSslConfiguration::supportedCiphers()) {
        const QString name = cipher.name();
        // TLS 1.3 suites all use ephemeral (EC)DHE and AEAD.
        const bool tls13 = name.startsWith(u"TLS_");
        const bool forwardSecret = name.startsWith(u"ECDHE-") || name.startsWith(u"DHE-");
        const bool aead = name.contains(u"GCM") || name.contains(u"CHACHA20");
        if (tls13 || (forwardSecret && aead))
            ciphers << cipher;
    }
    return ciphers;
}

QSslConfiguration TlsServerConfig::make(const certs::CertificateBundle &bundle) {
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setCiphers(modernCiphers());
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    config.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
    config.setSslOption(QSsl::SslOptionDisableSessionTickets, false);
    config.setLocalCertificateChain(QSslCertificate::fromData(bundle.chainPem(), QSsl::Pem));
    // QSslKey wants the algorithm; keys Qt does not model (Ed25519, ...) go in as an opaque
    // OpenSSL handle, which the OpenSSL backend uses as it is.
    const QString type = bundle.key().typeName();
    if (type == u"RSA" || type == u"EC") {
        config.setPrivateKey(
            QSslKey(bundle.keyPem(), type == u"RSA" ? QSsl::Rsa : QSsl::Ec, QSsl::Pem));
    } else {
        EVP_PKEY *handle = bundle.key().handle();
        EVP_PKEY_up_ref(handle); // QSslKey takes ownership of one reference
        config.setPrivateKey(QSslKey(Qt::HANDLE(handle), QSsl::PrivateKey));
    }
    return config;
}

} // namespace ingress::proxy
