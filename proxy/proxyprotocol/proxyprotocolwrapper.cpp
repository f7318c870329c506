#include "proxy/proxyprotocol/proxyprotocolwrapper.h"

#include "proxy/proxyprotocol/proxyheaderreader.h"

namespace ingress::proxy {

ProxyProtocolWrapper::ProxyProtocolWrapper(std::shared_ptr<ConnectionWrapper> inner,
                                           std::chrono::milliseconds timeout)
    : m_inner(std::move(inner)), m_timeout(timeout) {
}

void ProxyProtocolWrapper::wrap(qintptr descriptor, IoReactor &reactor, QObject *parent,
                                Ready ready, Failed failed) {
    auto *reader = new ProxyHeaderReader(int(descriptor), reactor, parent, m_inner,
                                         std::move(ready), std::move(failed));
    reader->start(m_timeout);
}

} // namespace ingress::proxy
