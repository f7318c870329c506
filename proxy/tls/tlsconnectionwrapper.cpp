#include "proxy/tls/tlsconnectionwrapper.h"

#include "proxy/tls/tlsclientstream.h"

namespace ingress::proxy {

TlsConnectionWrapper::TlsConnectionWrapper(TlsListenerContextPtr context,
                                           std::chrono::milliseconds handshakeTimeout)
    : m_context(std::move(context)), m_timeout(handshakeTimeout) {
}

void TlsConnectionWrapper::wrap(qintptr descriptor, IoReactor &reactor, QObject *parent,
                                Ready ready, Failed failed) {
    // The stream is a child of `parent`: if the connection goes away first, so does the
    // handshake, closing the descriptor and calling nobody.
    auto *stream = new TlsClientStream(int(descriptor), m_context, reactor, parent);
    stream->startHandshake(m_timeout, std::move(ready), std::move(failed));
}

} // namespace ingress::proxy
