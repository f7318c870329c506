#pragma once

#include "proxy/connectionwrapper.h"
#include "proxy/tls/tlslistenercontext.h"

#include <chrono>

namespace ingress::proxy {

// HTTPS: a TlsClientStream on the descriptor, handed over once its handshake is done (the
// certificate is chosen by SNI inside the handshake). One per listener and worker; cheap, as
// the context is shared.
class TlsConnectionWrapper final : public ConnectionWrapper {
public:
    // `handshakeTimeout` bounds the whole handshake, ClientHello included: a client that sends
    // nothing, half a ClientHello or stalls mid-handshake is dropped when it expires.
    TlsConnectionWrapper(TlsListenerContextPtr context, std::chrono::milliseconds handshakeTimeout);

    void wrap(qintptr descriptor, IoReactor &reactor, QObject *parent, Ready ready,
              Failed failed) override;
    const char *scheme() const override { return "https"; }

private:
    TlsListenerContextPtr m_context;
    std::chrono::milliseconds m_timeout;
};

} // namespace ingress::proxy
