#include "proxy/listenerserver.h"

namespace ingress::proxy {

ListenerServer::ListenerServer(std::string name, std::string key, QObject *parent)
    : QTcpServer(parent), m_name(std::move(name)), m_key(std::move(key)) {
    setListenBacklogSize(1024);
}

bool ListenerServer::open(const QHostAddress &address, quint16 port) {
    if (!listen(address, port))
        return false;
    // The socket stays non-blocking (Qt's socket engine made it so), which the workers'
    // accept4() relies on: a worker that loses the race for a connection gets EAGAIN.
    pauseAccepting();
    return true;
}

} // namespace ingress::proxy
