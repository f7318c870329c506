#include "proxy/proxyprotocol/proxyheaderreader.h"

#include "proxy/clientstream.h"
#include "proxy/proxyprotocol/proxyheader.h"

#include <cerrno>
#include <cstring>
#include <QTimerEvent>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace ingress::proxy {

ProxyHeaderReader::ProxyHeaderReader(int descriptor, IoReactor &reactor, QObject *parent,
                                     std::shared_ptr<ConnectionWrapper> inner,
                                     ConnectionWrapper::Ready ready,
                                     ConnectionWrapper::Failed failed)
    : QObject(parent), m_fd(descriptor), m_reactor(&reactor), m_watch(reactor, this),
      m_inner(std::move(inner)), m_ready(std::move(ready)), m_failed(std::move(failed)) {
}

ProxyHeaderReader::~ProxyHeaderReader() {
    if (m_fd >= 0) {
        m_watch.detach();
        ::close(m_fd);
    }
}

void ProxyHeaderReader::start(std::chrono::milliseconds timeout) {
    if (!m_watch.attach(m_fd))
        return fail(QStringLiteral("PROXY protocol: the reactor refused the descriptor"));
    m_watch.watchRead(true);
    m_timer = startTimer(timeout);
    readHeader(); // the header usually came with the connection
}

void ProxyHeaderReader::readHeader() {
    if (m_fd < 0 || !m_failed)
        return;
    char buffer[ProxyHeader::maxLength];
    const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, MSG_PEEK | MSG_DONTWAIT);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
            m_watch.readDrained();
            return;
        }
        return fail(
            QStringLiteral("PROXY protocol: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    }
    if (n == 0)
        return fail(QStringLiteral("the client closed the connection before its PROXY header"));
    ProxyHeader header = ProxyHeader::parse(buffer, n);
    switch (header.status) {
    case ProxyHeader::Status::Incomplete:
        // Everything queued was seen (a full buffer is always Done or Invalid): the rest of the
        // header comes with a new edge.
        m_watch.readDrained();
        return;
    case ProxyHeader::Status::Invalid:
        return fail(header.reason);
    case ProxyHeader::Status::Done:
        break;
    }
    // Exactly the header: the bytes behind it are the next reader's.
    if (::recv(m_fd, buffer, std::size_t(header.length), MSG_DONTWAIT) != header.length)
        return fail(QStringLiteral("PROXY protocol: the header could not be read back"));
    killTimer(std::exchange(m_timer, 0));
    m_watch.detach();
    const int fd = std::exchange(m_fd, -1);
    auto inner = std::move(m_inner);
    auto failed = std::move(m_failed);
    m_failed = nullptr;
    ConnectionWrapper::Ready handOver = [source = std::move(header.source),
                                         ready = std::move(m_ready)](ClientStream *stream) {
        if (source)
            stream->setClaimedAddress(*source);
        ready(stream);
    };
    QObject *owner = parent();
    deleteLater();
    // Registering the descriptor again reports the bytes already queued behind the header.
    inner->wrap(fd, *m_reactor, owner, std::move(handOver), std::move(failed));
}

void ProxyHeaderReader::fail(const QString &reason) {
    if (!m_failed)
        return; // already reported
    if (m_timer)
        killTimer(std::exchange(m_timer, 0));
    if (m_fd >= 0) {
        m_watch.detach();
        ::close(std::exchange(m_fd, -1));
    }
    auto failed = std::move(m_failed);
    m_failed = nullptr;
    m_ready = nullptr;
    deleteLater();
    failed(reason); // may delete our parent, and us with it: nothing below
}

void ProxyHeaderReader::timerEvent(QTimerEvent *event) {
    if (event->timerId() == m_timer)
        fail(QStringLiteral("no complete PROXY header within the header timeout"));
}

} // namespace ingress::proxy
