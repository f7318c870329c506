#pragma once

#include "proxy/connectionwrapper.h"

#include <chrono>
#include <memory>

namespace ingress::proxy {

// A listener with `proxyProtocol`: every connection first gives a PROXY protocol header
// (ProxyHeaderReader), then goes on to the listener's own wrapper (plain, or TLS: the header
// comes before the ClientHello), whose stream carries the header's client address.
class ProxyProtocolWrapper final : public ConnectionWrapper {
public:
    // `timeout`: a connection without a complete header by then is closed.
    ProxyProtocolWrapper(std::shared_ptr<ConnectionWrapper> inner,
                         std::chrono::milliseconds timeout);

    void wrap(qintptr descriptor, IoReactor &reactor, QObject *parent, Ready ready,
              Failed failed) override;
    const char *scheme() const override { return m_inner->scheme(); }

private:
    std::shared_ptr<ConnectionWrapper> m_inner;
    std::chrono::milliseconds m_timeout;
};

} // namespace ingress::proxy
