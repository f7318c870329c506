#pragma once

#include <QList>
#include <QSslCipher>
#include <QSslConfiguration>

namespace ingress::certs {
class CertificateBundle;
}

namespace ingress::proxy {

// The TLS settings every HTTPS listener uses, in one place: TLS 1.2 and 1.3 only, AEAD
// ciphers with forward secrecy (ECDHE/DHE key exchange; all TLS 1.3 suites), ALPN http/1.1,
// session tickets on, no client certificates, the full chain served.
class TlsServerConfig {
public:
    static QSslConfiguration make(const certs::CertificateBundle &bundle);
    static QList<QSslCipher> modernCiphers();
};

} // namespace ingress::proxy
