// Parking: an idle plain-HTTP keep-alive connection gives up its client stream (an object and
// its socket notifiers) and the worker watches the bare descriptor in one epoll set instead
// (docs/proxy.md, "Parking idle connections").
#include "proxyconnection.h"
#include "tcpclientstream.h"
#include "worker.h"

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
    const int fd = m_client->descriptor();
    if (!m_worker->park(this, fd))
        return; // parking only saves memory: keep the stream
    m_parkedFd = m_client->releaseDescriptor();
    // Deleted later because we may be inside one of its callbacks.
    m_client->deleteLater();
    m_client = nullptr;
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
    m_worker->unpark(fd);
    m_request.headers.reserve(32);
    m_response.headers.reserve(32);
    m_idleSinceMs = Worker::nowMs(); // not parked again before the bytes that woke it are read
    attachClient(new TcpClientStream(fd, this));
    // The pending bytes (or EOF) are still in the kernel: the new stream's read notifier fires
    // on the next event-loop pass and the connection continues as before the park.
}

} // namespace ingress::proxy
