// Parking: an idle plain-HTTP keep-alive connection gives up its client stream and buffers, and
// only its bare descriptor stays in the worker's reactor (docs/proxy.md, "Parking idle
// connections").
#include "proxy/proxyconnection.h"
#include "proxy/tcpclientstream.h"
#include "proxy/worker.h"

#include <unistd.h>
#include <utility>

namespace ingress::proxy {

void ProxyConnection::maybePark() {
    // Only a connection with nothing in flight either way: no partial head, nothing buffered,
    // the response flushed. Unread bytes in the kernel are fine: the epoll set wakes at once.
    // TLS state lives in OpenSSL's SSL object: not parked.
    if (m_state != State::ReadingHead || !m_client || !m_client->parkable() || m_inProcessInput ||
        m_upstream || m_deadlineStatus != 0 || m_inStart < m_in.size() ||
        m_client->pendingOutput() > 0)
        return;
    m_parkedFd = m_client->releaseDescriptor();
    // Deleted later because we may be inside one of its callbacks.
    m_client->deleteLater();
    m_client = nullptr;
    if (!m_parkWatch.attach(m_parkedFd)) {
        finish(); // epoll refused it (no memory): an idle keep-alive connection may be closed
        return;
    }
    m_parkWatch.watchRead(true);
    // What an idle connection still holds: give back the per-exchange buffers as well.
    m_in = QByteArray();
    m_inStart = 0;
    m_upIn = QByteArray();
    m_upHead = QByteArray();
    m_outHead = QByteArray();
    m_request = http::RequestHead{};
    m_response = http::ResponseHead{};
}

void ProxyConnection::resume() {
    if (m_parkedFd < 0)
        return;
    const int fd = std::exchange(m_parkedFd, -1);
    m_parkWatch.detach();
    m_request.headers.reserve(32);
    m_response.headers.reserve(32);
    m_idleSinceMs = Worker::nowMs(); // not parked again before the bytes that woke it are read
    attachClient(new TcpClientStream(fd, m_worker->reactor(), this));
    // The pending bytes (or EOF) are still in the kernel: registering the descriptor again
    // reports them, and the connection continues as before the park.
}

void ProxyConnection::closeParked() {
    if (m_parkedFd < 0)
        return;
    m_parkWatch.detach();
    ::close(std::exchange(m_parkedFd, -1));
}

} // namespace ingress::proxy
