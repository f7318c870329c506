#include "proxy/tls/tlsserverconfig.h"

#include "model/certs/certificatebundle.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace ingress::proxy {

namespace {

QString opensslError(const char *what) {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    const char *reason = code ? ERR_reason_error_string(code) : nullptr;
    return QStringLiteral("%1: %2").arg(QLatin1String(what),
                                        reason ? QLatin1String(reason) : QLatin1String("failed"));
}

// Sessions remembered for TLS 1.2 clients that resume by session ID instead of a ticket;
// bounded so a stream of new clients costs at most a few MiB.
constexpr long sessionCacheSize = 4096;

} // namespace

const char *TlsServerConfig::tls12Ciphers() {
    // Forward secrecy and AEAD only: no static RSA, CBC, RC4, 3DES.
    return "ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:DHE+CHACHA20";
}

SSL_CTX *TlsServerConfig::make(const certs::CertificateBundle &bundle, QString *error) {
    ERR_clear_error();
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        *error = opensslError("cannot create a TLS context");
        return nullptr;
    }
    const auto fail = [&](const char *what) -> SSL_CTX * {
        *error = opensslError(what);
        SSL_CTX_free(ctx);
        return nullptr;
    };
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    if (SSL_CTX_set_cipher_list(ctx, tls12Ciphers()) != 1)
        return fail("cipher list");
    SSL_CTX_set_dh_auto(ctx, 1);
    SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION |
                                 SSL_OP_NO_COMPRESSION | SSL_OP_IGNORE_UNEXPECTED_EOF);
    // Partial and moving writes: the stream retries a short write from its own buffer, which
    // may have moved. Released buffers: an idle connection keeps no 2 x 16 KiB record buffers.
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                              SSL_MODE_RELEASE_BUFFERS);
    // Read-ahead (as nginx): one recv() takes every record the kernel has, instead of one for
    // each record's 5-byte header and one for its body. That halves the reads per request and
    // per handshake (docs/performance.md). What OpenSSL holds beyond the first record is
    // consumed by the next SSL_read(); TlsClientStream makes sure it is never left waiting.
    SSL_CTX_set_read_ahead(ctx, 1);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
    SSL_CTX_sess_set_cache_size(ctx, sessionCacheSize);
    // One TLS 1.3 ticket per handshake (OpenSSL sends two): a client resumes with one.
    SSL_CTX_set_num_tickets(ctx, 1);
    if (bundle.isNull())
        return fail("no certificate");
    if (SSL_CTX_use_certificate(ctx, bundle.leaf()) != 1)
        return fail("certificate");
    for (std::size_t i = 1; i < bundle.chain().size(); ++i)
        if (SSL_CTX_add1_chain_cert(ctx, bundle.chain()[i]) != 1)
            return fail("certificate chain");
    if (SSL_CTX_use_PrivateKey(ctx, bundle.key().handle()) != 1)
        return fail("private key");
    if (SSL_CTX_check_private_key(ctx) != 1)
        return fail("the private key does not match the certificate");
    return ctx;
}

} // namespace ingress::proxy
