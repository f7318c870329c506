#include "listenerserver.h"

#include <unistd.h>

namespace ingress::proxy {

ListenerServer::ListenerServer(std::string name, std::atomic<int> *connections, int maxConnections,
                               Dispatch dispatch, QObject *parent)
    : QTcpServer(parent), m_name(std::move(name)), m_connections(connections),
      m_maxConnections(maxConnections), m_dispatch(std::move(dispatch)) {
    setListenBacklogSize(1024);
}

void ListenerServer::incomingConnection(qintptr descriptor) {
    if (m_connections->fetch_add(1, std::memory_order_relaxed) >= m_maxConnections) {
        m_connections->fetch_sub(1, std::memory_order_relaxed);
        ::close(int(descriptor)); // over the limit: shed load at the door
        return;
    }
    m_dispatch(descriptor, m_name);
}

} // namespace ingress::proxy
