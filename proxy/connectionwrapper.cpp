#include "connectionwrapper.h"

#include <QTcpSocket>
#include <unistd.h>

namespace ingress::proxy {

void PlainConnectionWrapper::wrap(qintptr descriptor, QObject *parent, Ready ready, Failed failed) {
    auto *socket = new QTcpSocket(parent);
    if (!socket->setSocketDescriptor(descriptor)) {
        const QString reason = socket->errorString();
        delete socket;
        ::close(int(descriptor)); // not adopted: still ours to close
        failed(reason);
        return;
    }
    ready(socket);
}

} // namespace ingress::proxy
