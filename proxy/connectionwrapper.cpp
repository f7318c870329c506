#include "proxy/connectionwrapper.h"

#include "proxy/tcpclientstream.h"

namespace ingress::proxy {

void PlainConnectionWrapper::wrap(qintptr descriptor, IoReactor &reactor, QObject *parent,
                                  Ready ready, Failed) {
    ready(new TcpClientStream(int(descriptor), reactor, parent));
}

} // namespace ingress::proxy
