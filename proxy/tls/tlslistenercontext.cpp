#include "proxy/tls/tlslistenercontext.h"

#include "proxy/balancing/hashing.h"
#include "proxy/tls/tlsserverconfig.h"

#include <openssl/ssl.h>

namespace ingress::proxy {

namespace {

// The engine speaks HTTP/1.1 only: a client offering h2 must not get it.
int selectAlpn(SSL *, const unsigned char **out, unsigned char *outLength, const unsigned char *in,
               unsigned int inLength, void *) {
    static const unsigned char http11[] = "\x08http/1.1";
    unsigned char *selected = nullptr;
    if (SSL_select_next_proto(&selected, outLength, http11, sizeof http11 - 1, in, inLength) !=
        OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK; // no common protocol: carry on without ALPN
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

} // namespace

TlsListenerContext::TlsListenerContext(std::shared_ptr<const TicketKeys> ticketKeys,
                                       const std::string &sessionId)
    : m_ticketKeys(std::move(ticketKeys)) {
    const std::uint64_t hash = hashBytes(sessionId);
    m_sessionId.assign(reinterpret_cast<const char *>(&hash), sizeof hash);
}

TlsListenerContext::~TlsListenerContext() {
    for (SSL_CTX *ctx : m_contexts)
        SSL_CTX_free(ctx);
}

int TlsListenerContext::addCertificate(const certs::CertificateBundle &bundle,
                                       const QStringList &names, QString *error) {
    SSL_CTX *ctx = TlsServerConfig::make(bundle, error);
    if (!ctx)
        return -1;
    // Every context of the listener carries the same callbacks and keys: OpenSSL consults the
    // initial (session) context for SNI and tickets, the selected one for the certificate.
    SSL_CTX_set_app_data(ctx, this);
    SSL_CTX_set_tlsext_servername_callback(ctx, &TlsListenerContext::onServerName);
    SSL_CTX_set_tlsext_servername_arg(ctx, this);
    SSL_CTX_set_alpn_select_cb(ctx, &selectAlpn, nullptr);
    SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, &TlsListenerContext::onTicketKey);
    SSL_CTX_set_session_id_context(ctx, reinterpret_cast<const unsigned char *>(m_sessionId.data()),
                                   unsigned(m_sessionId.size()));
    const int index = int(m_contexts.size());
    m_contexts.push_back(ctx);
    for (const QString &name : names)
        m_selector.addName(name, index);
    if (m_selector.defaultCertificate() < 0)
        m_selector.setDefault(index);
    return index;
}

SSL_CTX *TlsListenerContext::contextFor(const QString &serverName) const {
    const int index = m_selector.select(serverName);
    return index >= 0 && index < int(m_contexts.size()) ? m_contexts[std::size_t(index)] : nullptr;
}

SSL *TlsListenerContext::newConnection() const {
    SSL_CTX *initial = contextFor(QString());
    return initial ? SSL_new(initial) : nullptr;
}

int TlsListenerContext::onServerName(SSL *ssl, int *alert, void *arg) {
    // Called while the ClientHello is processed, with or without SNI: the only place where the
    // certificate can still change, and OpenSSL has parsed and bounded the message for us.
    const auto *self = static_cast<const TlsListenerContext *>(arg);
    const char *name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    SSL_CTX *chosen = self->contextFor(name ? QString::fromLatin1(name) : QString());
    if (!chosen) {
        *alert = SSL_AD_UNRECOGNIZED_NAME;
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    if (chosen != SSL_get_SSL_CTX(ssl))
        SSL_set_SSL_CTX(ssl, chosen);
    return SSL_TLSEXT_ERR_OK;
}

int TlsListenerContext::onTicketKey(SSL *ssl, unsigned char keyName[16], unsigned char iv[16],
                                    EVP_CIPHER_CTX *cipher, EVP_MAC_CTX *mac, int encrypt) {
    const auto *self =
        static_cast<const TlsListenerContext *>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
    if (!self)
        return -1;
    return self->m_ticketKeys->setUp(keyName, iv, cipher, mac, encrypt != 0);
}

} // namespace ingress::proxy
