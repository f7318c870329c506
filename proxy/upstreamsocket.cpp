#include "proxy/upstreamsocket.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <QHostAddress>
#include <QHostInfo>
#include <sys/socket.h>
#include <unistd.h>

namespace ingress::proxy {

namespace {

// Past this, an idle pooled connection gives its write buffer back (a large body was sent).
constexpr qsizetype keptWriteCapacity = 16 * 1024;

bool wouldBlock(int error) {
    return error == EAGAIN || error == EWOULDBLOCK;
}

} // namespace

UpstreamSocket::UpstreamSocket(IoReactor &reactor, QObject *parent)
    : QObject(parent), m_watch(reactor, this) {
}

UpstreamSocket::~UpstreamSocket() {
    abort();
}

void UpstreamSocket::setUser(UpstreamUser *user) {
    m_user = user;
    // The previous user may have stopped reading (backpressure) and silenced the watch; the
    // next one, or the pool watching for a close while idle, must hear about readability.
    m_drained = true;
    if (m_state == State::Connected)
        m_watch.watchRead(true);
    if (!user && m_out.capacity() > keptWriteCapacity && bytesToWrite() == 0) {
        m_out = QByteArray();
        m_outStart = 0;
    }
}

void UpstreamSocket::connectTo(const std::string &host, std::uint16_t port) {
    sockaddr_in v4{};
    if (::inet_pton(AF_INET, host.c_str(), &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        connectToAddress(&v4, sizeof v4, AF_INET);
        return;
    }
    sockaddr_in6 v6{};
    if (::inet_pton(AF_INET6, host.c_str(), &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        connectToAddress(&v6, sizeof v6, AF_INET6);
        return;
    }
    // A name: Qt resolves it on its own thread pool (and caches it) and answers on ours.
    m_state = State::Resolving;
    QHostInfo::lookupHost(QString::fromStdString(host), this, [this, port](const QHostInfo &info) {
        if (m_state != State::Resolving)
            return;
        for (const QHostAddress &address : info.addresses()) {
            if (address.protocol() == QAbstractSocket::IPv4Protocol) {
                sockaddr_in a{};
                a.sin_family = AF_INET;
                a.sin_port = htons(port);
                a.sin_addr.s_addr = htonl(address.toIPv4Address());
                connectToAddress(&a, sizeof a, AF_INET);
                return;
            }
            if (address.protocol() == QAbstractSocket::IPv6Protocol) {
                sockaddr_in6 a{};
                a.sin6_family = AF_INET6;
                a.sin6_port = htons(port);
                const Q_IPV6ADDR bytes = address.toIPv6Address();
                std::memcpy(&a.sin6_addr, &bytes, sizeof a.sin6_addr);
                connectToAddress(&a, sizeof a, AF_INET6);
                return;
            }
        }
        fail(); // no address: like a refused connect
    });
}

void UpstreamSocket::connectToAddress(const void *address, unsigned length, int family) {
    m_fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        fail(errno);
        return;
    }
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(m_fd, static_cast<const sockaddr *>(address), socklen_t(length)) != 0 &&
        errno != EINPROGRESS) {
        fail(errno);
        return;
    }
    // Writable means the connect finished, either way (SO_ERROR says which).
    m_state = State::Connecting;
    if (!m_watch.attach(m_fd)) {
        fail();
        return;
    }
    m_watch.readDrained(); // nothing comes before our request
    m_watch.watchWrite(true);
}

qint64 UpstreamSocket::read(char *data, qint64 size) {
    if (m_state != State::Connected)
        return m_state == State::Closed ? -1 : 0;
    if (!m_watch.readReady()) { // nothing new since a short read: spare the system call
        m_drained = true;
        m_watch.watchRead(true);
        return 0;
    }
    ssize_t got = 0;
    do {
        got = ::recv(m_fd, data, std::size_t(size), 0);
    } while (got < 0 && errno == EINTR);
    if (got > 0 && got == size)
        return got; // maybe more: the user reads again or stops (then ioReadable silences)
    if (got > 0 || (got < 0 && wouldBlock(errno))) {
        // A short read: the kernel had no more, so the next arrival must wake us.
        m_drained = true;
        m_watch.readDrained();
        m_watch.watchRead(true);
        return std::max<qint64>(got, 0);
    }
    fail(); // 0: the upstream closed; < 0: reset or another error
    return -1;
}

void UpstreamSocket::write(const char *data, qint64 size) {
    if (size <= 0 || m_state == State::Closed)
        return;
    if (m_state == State::Connected && bytesToWrite() == 0) {
        while (size > 0) {
            const ssize_t n = ::send(m_fd, data, std::size_t(size), MSG_NOSIGNAL);
            if (n > 0) {
                data += n;
                size -= n;
            } else if (n < 0 && errno == EINTR) {
                continue;
            } else if (n < 0 && wouldBlock(errno)) {
                m_watch.writeBlocked();
                break;
            } else {
                fail();
                return;
            }
        }
        if (size == 0)
            return;
    }
    if (m_outStart > 0 && m_outStart * 2 >= m_out.size()) {
        m_out.remove(0, m_outStart);
        m_outStart = 0;
    }
    m_out.append(data, qsizetype(size));
    if (m_state == State::Connected)
        m_watch.watchWrite(true);
}

bool UpstreamSocket::flush() {
    while (m_outStart < m_out.size()) {
        const ssize_t n = ::send(m_fd, m_out.constData() + m_outStart,
                                 std::size_t(m_out.size() - m_outStart), MSG_NOSIGNAL);
        if (n > 0) {
            m_outStart += qsizetype(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && wouldBlock(errno)) {
            m_watch.writeBlocked();
            return true;
        } else {
            fail();
            return false;
        }
    }
    m_out.resize(0); // keeps the capacity
    m_outStart = 0;
    return true;
}

void UpstreamSocket::ioReadable() {
    if (m_state != State::Connected) {
        m_watch.watchRead(false);
        return;
    }
    if (!m_user) {
        // Idle in the pool: bytes would be a protocol error by the upstream, EOF a close;
        // either way the connection cannot be reused. No one to tell. (The watch may only
        // remember readability from before the last read: make sure.)
        char byte;
        if (::recv(m_fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) < 0 && wouldBlock(errno)) {
            m_watch.readDrained();
            return;
        }
        abort();
        return;
    }
    m_drained = false;
    m_inReadable = true;
    m_user->upstreamReadyRead();
    m_inReadable = false;
    if (m_gonePending) {
        dispatchGone();
        return;
    }
    // The user stopped before the kernel ran dry (backpressure): stop watching until its next
    // read() comes up short, or the loop would spin on a readable socket no one reads.
    if (!m_drained && m_state == State::Connected)
        m_watch.watchRead(false);
}

void UpstreamSocket::ioWritable() {
    if (m_state == State::Connecting) {
        int error = 0;
        socklen_t length = sizeof error;
        if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
            fail(error ? error : errno);
            dispatchGone();
            return;
        }
        m_state = State::Connected;
        m_watch.watchRead(true);
        if (!flush()) {
            dispatchGone();
            return;
        }
        if (bytesToWrite() == 0)
            m_watch.watchWrite(false);
        if (m_user)
            m_user->upstreamConnected();
        return;
    }
    if (m_state != State::Connected)
        return;
    if (!flush()) {
        dispatchGone();
        return;
    }
    if (bytesToWrite() == 0) {
        m_watch.watchWrite(false);
        if (m_user)
            m_user->upstreamBytesWritten();
    }
}

void UpstreamSocket::abort() {
    m_watch.detach(); // before close(): the number may be reused at once
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_state = State::Closed;
    m_gonePending = false;
    m_out = QByteArray();
    m_outStart = 0;
}

void UpstreamSocket::fail(int error) {
    if (m_state == State::Closed)
        return;
    abort();
    m_error = error;
    m_gonePending = true;
    // Inside ioReadable the user hears it when its callback returns (after the bytes it read,
    // like QAbstractSocket's readyRead before disconnected); elsewhere on the next loop pass,
    // never from inside the user's own call.
    if (m_inReadable || m_goneQueued)
        return;
    m_goneQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_goneQueued = false;
            dispatchGone();
        },
        Qt::QueuedConnection);
}

void UpstreamSocket::dispatchGone() {
    if (!m_gonePending)
        return;
    m_gonePending = false;
    if (m_user)
        m_user->upstreamGone();
}

} // namespace ingress::proxy
