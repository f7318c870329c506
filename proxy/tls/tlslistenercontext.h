#pragma once

#include "proxy/tls/sniselector.h"
#include "proxy/tls/ticketkeys.h"

#include <memory>
#include <openssl/types.h>
#include <QStringList>
#include <string>
#include <vector>

namespace ingress::certs {
class CertificateBundle;
}

namespace ingress::proxy {

// The certificates of one HTTPS listener, one OpenSSL SSL_CTX each, and which server name gets
// which. Built once per reload on the main thread, then shared read-only by every worker
// (SSL_new on a shared SSL_CTX is thread-safe). A connection starts on the default
// certificate's context, which is also the listener's session context (ticket keys, session
// cache); OpenSSL's servername callback moves it to the certificate its SNI name selects.
class TlsListenerContext {
public:
    // `sessionId` separates listeners' sessions (a session resumes on its own listener only).
    explicit TlsListenerContext(
        std::shared_ptr<const TicketKeys> ticketKeys = std::make_shared<const TicketKeys>(),
        const std::string &sessionId = {});
    ~TlsListenerContext();
    TlsListenerContext(const TlsListenerContext &) = delete;
    TlsListenerContext &operator=(const TlsListenerContext &) = delete;

    // Adds a certificate served for `names` (exact or "*.x"); the first one added is the
    // default until setDefault() says otherwise. Returns its index, or -1 with `error` set.
    int addCertificate(const certs::CertificateBundle &bundle, const QStringList &names,
                       QString *error);
    void setDefault(int index) { m_selector.setDefault(index); }
    // A name whose certificate could not be loaded: its handshakes end with an
    // unrecognized_name alert instead of another host's certificate. Names mapped earlier win.
    void refuseName(const QString &name) { m_selector.addName(name, SniSelector::refused); }

    // The context for a ClientHello's server name (empty: none sent); null without certificates
    // or for a refused name.
    SSL_CTX *contextFor(const QString &serverName) const;
    // A new server connection object on the default context; null without certificates.
    SSL *newConnection() const;
    int size() const { return int(m_contexts.size()); }

private:
    static int onServerName(SSL *ssl, int *alert, void *arg);
    static int onTicketKey(SSL *ssl, unsigned char keyName[16], unsigned char iv[16],
                           EVP_CIPHER_CTX *cipher, EVP_MAC_CTX *mac, int encrypt);

    std::vector<SSL_CTX *> m_contexts; // one reference each
    SniSelector m_selector;
    std::shared_ptr<const TicketKeys> m_ticketKeys;
    std::string m_sessionId;
};
using TlsListenerContextPtr = std::shared_ptr<const TlsListenerContext>;

} // namespace ingress::proxy
