#pragma once

#include <openssl/types.h>
#include <QString>

namespace ingress::certs {
class CertificateBundle;
}

namespace ingress::proxy {

// The TLS settings every HTTPS listener uses, in one place: TLS 1.2 and 1.3 only, AEAD
// ciphers with forward secrecy (ECDHE/DHE key exchange; all TLS 1.3 suites) in the server's
// order, no renegotiation, no client certificates, the full chain served, a server-side
// session cache for TLS 1.2 session IDs. Per-listener parts (SNI, ALPN, ticket keys) are set
// by TlsListenerContext.
class TlsServerConfig {
public:
    // TLS 1.2 suites (OpenSSL cipher-list syntax); TLS 1.3 keeps OpenSSL's default suites.
    static const char *tls12Ciphers();
    // A new SSL_CTX with the chain and key of `bundle`; null with `error` set on failure.
    static SSL_CTX *make(const certs::CertificateBundle &bundle, QString *error);
};

} // namespace ingress::proxy
