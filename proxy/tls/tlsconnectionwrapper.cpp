#include "tlsconnectionwrapper.h"

#include "tlshandshake.h"

namespace ingress::proxy {

TlsConnectionWrapper::TlsConnectionWrapper(TlsListenerContextPtr context,
                                           std::chrono::milliseconds handshakeTimeout)
    : m_context(std::move(context)), m_timeout(handshakeTimeout) {
}

void TlsConnectionWrapper::wrap(qintptr descriptor, QObject *parent, Ready ready, Failed failed) {
    // The handshake object is a child of `parent`: if the connection goes away first, so
    // does the handshake, closing the descriptor and calling nobody.
    auto *handshake = new TlsHandshake(descriptor, m_context, m_timeout, std::move(ready),
                                       std::move(failed), parent);
    handshake->start();
}

} // namespace ingress::proxy
