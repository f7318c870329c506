#include "connectionwrapper.h"

#include "tcpclientstream.h"

namespace ingress::proxy {

void PlainConnectionWrapper::wrap(qintptr descriptor, QObject *parent, Ready ready, Failed) {
    ready(new TcpClientStream(int(descriptor), parent));
}

} // namespace ingress::proxy
