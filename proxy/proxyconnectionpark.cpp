// Parking: an idle plain-HTTP keep-alive connection gives up its QTcpSocket, whose ring
// buffers are most of what an idle connection costs, and the worker watches a duplicate of its
// descriptor instead (docs/proxy.md, "Parking idle connections").
#include "proxyconnection.h"
#include "worker.h"

#include <fcntl.h>
#include <QTcpSocket>
#include <unistd.h>
#include <utility>

namespace ingress::proxy {

void ProxyConnection::maybePark() {
    // Only a connection with nothing in flight either way: no partial head, nothing buffered
    // by us or Qt, the response flushed. TLS state lives in the QSslSocket: never parked.
    if (m_state != State::ReadingHead || !m_client || m_tlsClient || m_inProcessInput ||
        m_upstream || m_deadlineStatus != 0 || m_inStart < m_in.size() ||
        m_client->bytesAvailable() > 0 || m_client->bytesToWrite() > 0)
        return;
    const int fd = m_clientSpareFd >= 0
                       ? std::exchange(m_clientSpareFd, -1)
                       : ::fcntl(int(m_client->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
    if (fd < 0)
        return; // parking only saves memory: keep the socket
    if (!m_worker->park(this, fd)) {
        ::close(fd);
        return;
    }
    m_parkedFd = fd;
    // abort() closes Qt's descriptor only (no shutdown()): the duplicate keeps the connection
    // open. Deleted later because we may be inside one of its signals.
    m_client->disconnect(this);
    m_client->abort();
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
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(fd)) {
        delete socket;
        ::close(fd);
        finish();
        return;
    }
    m_request.headers.reserve(32);
    m_response.headers.reserve(32);
    m_idleSinceMs = Worker::nowMs(); // not parked again before the bytes that woke it are read
    attachClient(socket);
    // The pending bytes (or EOF) are still in the kernel: the new socket's readyRead (or
    // disconnected) follows on the next event-loop pass and continues as before the park.
}

} // namespace ingress::proxy
