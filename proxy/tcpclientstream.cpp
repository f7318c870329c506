#include "proxy/tcpclientstream.h"

#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ingress::proxy {

namespace {

bool wouldBlock(int error) {
    return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

// Output beyond this stays allocated only while it is needed: idle connections keep no buffer.
constexpr qsizetype keptOutputCapacity = 16 * 1024;

} // namespace

TcpClientStream::TcpClientStream(int descriptor, IoReactor &reactor, QObject *parent)
    : ClientStream(parent), m_fd(descriptor), m_watch(reactor, this) {
    // One system call (QTcpServer accepts blocking descriptors), where fcntl takes two.
    int one = 1;
    ::ioctl(m_fd, FIONBIO, &one);
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!m_watch.attach(m_fd))
        scheduleGone(); // epoll refused it (out of memory or descriptors): nothing to serve
    m_watch.watchRead(true);
}

TcpClientStream::~TcpClientStream() {
    if (m_fd >= 0) {
        m_watch.detach();
        ::close(m_fd);
    }
}

void TcpClientStream::watchRead(bool on) {
    if (m_fd >= 0)
        m_watch.watchRead(on);
}

void TcpClientStream::watchWrite(bool on) {
    if (m_fd >= 0)
        m_watch.watchWrite(on);
}

void TcpClientStream::waitReadable() {
    m_watch.readDrained();
    watchRead(true);
}

void TcpClientStream::waitWritable() {
    m_watch.writeBlocked();
    watchWrite(true);
}

void TcpClientStream::stopWatching() {
    m_watch.watchRead(false);
    m_watch.watchWrite(false);
}

TcpClientStream::IoResult TcpClientStream::readSome(char *data, qint64 maxSize) {
    const ssize_t n = ::recv(m_fd, data, std::size_t(maxSize), 0);
    if (n > 0) {
        if (n < maxSize)
            m_watch.readDrained(); // a stream socket's short read: the kernel had no more
        return {qint64(n), Io::Done};
    }
    if (n == 0)
        return {0, Io::Closed};
    return {0, wouldBlock(errno) ? Io::WantRead : Io::Failed};
}

TcpClientStream::IoResult TcpClientStream::writeSome(const char *data, qint64 size) {
    // MSG_NOSIGNAL: a peer that is gone is an error to handle here, not a SIGPIPE.
    const ssize_t n = ::send(m_fd, data, std::size_t(size), MSG_NOSIGNAL);
    if (n > 0 && n < size)
        m_watch.writeBlocked(); // the send buffer is full: wait for the edge
    if (n >= 0)
        return {qint64(n), n > 0 ? Io::Done : Io::WantWrite};
    return {0, wouldBlock(errno) ? Io::WantWrite : Io::Failed};
}

qint64 TcpClientStream::read(char *data, qint64 maxSize) {
    m_readCalled = true;
    if (m_fd < 0 || m_eof || maxSize <= 0)
        return 0;
    if (m_writeShut) {
        // Lingering close: whatever arrives is discarded by the caller; read it raw (TLS too)
        // so that it never turns our close into a reset.
        const ssize_t n = ::recv(m_fd, data, std::size_t(maxSize), 0);
        if (n > 0)
            return n;
        if (n < 0 && wouldBlock(errno)) {
            waitReadable();
            return 0;
        }
        m_eof = true;
        scheduleGone();
        return 0;
    }
    if (!m_watch.readReady() && !hasBufferedInput()) {
        // Nothing new since the last read came up short: spare the system call (after each
        // response the next request is looked for before the client can have sent it).
        watchRead(true);
        return 0;
    }
    const IoResult r = readSome(data, maxSize);
    switch (r.status) {
    case Io::Done:
        watchRead(true); // the user is reading again
        if (hasBufferedInput())
            inputBuffered(); // level-triggered: a user that stops now is called back for it
        return r.bytes;
    case Io::WantRead:
        waitReadable();
        return 0;
    case Io::WantWrite:
        m_readWantsWrite = true;
        waitWritable();
        return 0;
    case Io::Closed:
        m_eof = true;
        scheduleEnded();
        return 0;
    case Io::Failed:
        m_eof = true;
        scheduleGone();
        return 0;
    }
    return 0;
}

void TcpClientStream::write(const char *data, qint64 size) {
    if (m_fd < 0 || m_goneScheduled || m_writeShut || size <= 0)
        return;
    if (pendingOutput() == 0) {
        // Write-through: most responses fit in the socket buffer and leave here at once.
        while (size > 0) {
            const IoResult r = writeSome(data, size);
            if (r.status == Io::Done) {
                data += r.bytes;
                size -= r.bytes;
                continue;
            }
            if (!awaitWritable(r.status)) {
                scheduleGone();
                return;
            }
            break;
        }
        if (size == 0)
            return;
        m_out.resize(0);
        m_outPos = 0;
    }
    // TLS retries a short write with these same bytes from here (SSL_MODE_ACCEPT_MOVING_...).
    m_out.append(data, qsizetype(size));
}

bool TcpClientStream::awaitWritable(Io status) {
    if (status == Io::WantWrite) {
        waitWritable();
        return true;
    }
    if (status == Io::WantRead) { // TLS: the write needs the peer's bytes first
        m_writeWantsRead = true;
        waitReadable();
        return true;
    }
    return false; // the connection failed
}

void TcpClientStream::flush() {
    while (m_outPos < m_out.size()) {
        const IoResult r = writeSome(m_out.constData() + m_outPos, m_out.size() - m_outPos);
        if (r.status == Io::Done) {
            m_outPos += qsizetype(r.bytes);
            continue;
        }
        if (!awaitWritable(r.status)) {
            m_out = QByteArray();
            m_outPos = 0;
            scheduleGone();
            return;
        }
        if (m_outPos > keptOutputCapacity) { // do not let the sent part grow without bound
            m_out.remove(0, m_outPos);
            m_outPos = 0;
        }
        return;
    }
    if (m_out.capacity() > keptOutputCapacity)
        m_out = QByteArray();
    else
        m_out.resize(0);
    m_outPos = 0;
    watchWrite(false);
}

void TcpClientStream::readyRead() {
    if (m_writeWantsRead) {
        m_writeWantsRead = false;
        const qint64 before = pendingOutput();
        flush();
        if (m_fd < 0 || m_goneScheduled)
            return;
        if (pendingOutput() < before && m_user)
            m_user->clientWritten();
        if (m_fd < 0 || m_goneScheduled)
            return;
    }
    if (m_eof) {
        scheduleGone();
        return;
    }
    m_readCalled = false;
    if (m_user)
        m_user->clientReadable();
    if (m_fd < 0 || m_goneScheduled || m_readCalled)
        return;
    // Not read now (an exchange is in progress, or backpressure): stop watching until the user
    // reads again, unless the peer has closed, which must not go unnoticed meanwhile.
    char byte;
    const ssize_t n = ::recv(m_fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n > 0) {
        watchRead(false);
    } else if (n == 0) {
        m_eof = true;
        scheduleEnded();
    } else if (wouldBlock(errno)) {
        m_watch.readDrained(); // nothing in the kernel (TLS: the record was read whole)
    } else {
        m_eof = true;
        scheduleGone();
    }
}

void TcpClientStream::readyWrite() {
    if (m_readWantsWrite) {
        m_readWantsWrite = false;
        if (m_user)
            m_user->clientReadable();
        if (m_fd < 0 || m_goneScheduled)
            return;
    }
    const qint64 before = pendingOutput();
    flush();
    if (m_fd < 0 || m_goneScheduled)
        return;
    if (pendingOutput() == 0 && m_shutdownPending) {
        m_shutdownPending = false;
        sendShutdown();
    }
    if (pendingOutput() < before && m_user)
        m_user->clientWritten();
}

void TcpClientStream::shutdownWrite() {
    if (m_fd < 0 || m_writeShut)
        return;
    if (pendingOutput() > 0) {
        m_shutdownPending = true;
        return;
    }
    sendShutdown();
}

void TcpClientStream::sendShutdown() {
    m_writeShut = true;
    watchWrite(false);
    ::shutdown(m_fd, SHUT_WR);
    if (m_eof)
        scheduleGone(); // the peer has ended its side already: nothing to linger for
    else
        watchRead(true); // lingering: read (and discard) until the peer closes
}

void TcpClientStream::scheduleEnded() {
    if (m_goneScheduled)
        return;
    watchRead(false); // an EOF stays readable: the watch would fire on every pass
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_fd >= 0 && m_user && !m_goneScheduled)
                m_user->clientEnded();
        },
        Qt::QueuedConnection);
}

void TcpClientStream::scheduleGone() {
    if (m_goneScheduled)
        return;
    m_goneScheduled = true;
    stopWatching();
    // Queued: read() and write() are called from deep inside the user, which must not be
    // torn down under its own feet. Dropped if the stream is deleted first.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_fd >= 0 && m_user)
                m_user->clientGone();
        },
        Qt::QueuedConnection);
}

void TcpClientStream::abort() {
    if (m_fd < 0)
        return;
    m_watch.detach();
    ::close(m_fd);
    m_fd = -1;
    m_user = nullptr;
}

int TcpClientStream::releaseDescriptor() {
    m_watch.detach();
    m_user = nullptr;
    return std::exchange(m_fd, -1);
}

QHostAddress TcpClientStream::peerAddress() const {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (m_fd < 0 || ::getpeername(m_fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return {};
    return QHostAddress(reinterpret_cast<const sockaddr *>(&address));
}

} // namespace ingress::proxy
