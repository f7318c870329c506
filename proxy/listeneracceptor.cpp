#include "listeneracceptor.h"

#include "proxylog.h"
#include "worker.h"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>

namespace ingress::proxy {

namespace {

constexpr std::int64_t pauseMs = 100;

} // namespace

ListenerAcceptor::ListenerAcceptor(Worker &worker, int descriptor, std::string listener)
    : m_worker(worker), m_watch(worker.reactor(), this), m_fd(descriptor),
      m_listener(std::move(listener)) {
    if (!m_watch.attach(descriptor)) {
        qCWarning(lcProxy, "listener %s: cannot watch its socket: %s", m_listener.c_str(),
                  std::strerror(errno));
        return;
    }
    m_watch.watchRead(true);
}

void ListenerAcceptor::ioReadable() {
    // One connection per call: the reactor calls again on its next round while the socket
    // stays ready, so accepting takes turns with the handshakes and requests of this worker's
    // connections, and a burst of connections spreads over the workers that are awake.
    const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
        m_worker.accept(fd, m_listener);
        return;
    }
    switch (errno) {
    case EAGAIN:
        // Nothing waits (another worker took it): the next connection's edge wakes us.
        m_watch.readDrained();
        return;
    case EINTR:
    case ECONNABORTED: // the client gave up while queued
    case EPROTO:
        return; // try the next one
    case EMFILE:
    case ENFILE:
    case ENOBUFS:
    case ENOMEM:
        qCWarning(lcProxy, "listener %s: cannot accept (%s); pausing for %lld ms",
                  m_listener.c_str(), std::strerror(errno), static_cast<long long>(pauseMs));
        m_watch.watchRead(false);
        m_pausedUntil = Worker::nowMs() + pauseMs;
        return;
    default:
        qCWarning(lcProxy, "listener %s: accept failed: %s", m_listener.c_str(),
                  std::strerror(errno));
        m_watch.readDrained();
        return;
    }
}

void ListenerAcceptor::resumeIfPaused(std::int64_t nowMs) {
    if (m_pausedUntil == 0 || nowMs < m_pausedUntil)
        return;
    m_pausedUntil = 0;
    m_watch.watchRead(true);
}

} // namespace ingress::proxy
