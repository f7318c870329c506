#include "listeneracceptor.h"

#include "proxylog.h"
#include "worker.h"
#include "workereventdispatcher.h"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>

namespace ingress::proxy {

namespace {

constexpr std::int64_t pauseMs = 100;
constexpr int maxBatch = 16;

} // namespace

ListenerAcceptor::ListenerAcceptor(Worker &worker, int descriptor, std::string listener)
    : m_worker(worker),
      m_dispatcher(qobject_cast<WorkerEventDispatcher *>(QAbstractEventDispatcher::instance())),
      m_fd(descriptor), m_listener(std::move(listener)) {
    if (!m_dispatcher) {
        qCWarning(lcProxy, "listener %s: not accepted on this thread (no worker dispatcher)",
                  m_listener.c_str());
        return;
    }
    if (!listen()) {
        const int error = errno;
        qCWarning(lcProxy, "listener %s: cannot watch its socket: %s", m_listener.c_str(),
                  std::strerror(error));
    }
}

ListenerAcceptor::~ListenerAcceptor() {
    if (m_listening)
        m_dispatcher->removeListener(m_fd);
}

bool ListenerAcceptor::listen() {
    m_listening = m_dispatcher->addListener(m_fd, this);
    return m_listening;
}

void ListenerAcceptor::ioReadable() {
    // A few connections per call while this worker holds no more than its share: a burst (a
    // client opening its connection pool) spreads over the workers, and a queue that built up
    // while this worker was busy drains without a loop pass per connection. At least one per
    // call, and the dispatcher calls again while the socket stays readable.
    int fd = -1;
    for (int taken = 0; taken < maxBatch; ++taken) {
        if (taken > 0 && !m_worker.belowFairShare())
            return;
        fd = ::accept4(m_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            break;
        m_worker.accept(fd, m_listener);
    }
    if (fd >= 0)
        return;
    const int error = errno; // before logging, which may change it
    switch (error) {
    case EAGAIN:
        return; // nothing waits (another worker took it)
    case EINTR:
    case ECONNABORTED: // the client gave up while queued
    case EPROTO:
        return; // try the next one
    case EMFILE:
    case ENFILE:
    case ENOBUFS:
    case ENOMEM:
        qCWarning(lcProxy, "listener %s: cannot accept (%s); pausing for %lld ms",
                  m_listener.c_str(), std::strerror(error), static_cast<long long>(pauseMs));
        m_dispatcher->removeListener(m_fd);
        m_listening = false;
        m_pausedUntil = Worker::nowMs() + pauseMs;
        return;
    default:
        qCWarning(lcProxy, "listener %s: accept failed: %s", m_listener.c_str(),
                  std::strerror(error));
        return;
    }
}

void ListenerAcceptor::resumeIfPaused(std::int64_t nowMs) {
    if (m_pausedUntil == 0 || nowMs < m_pausedUntil)
        return;
    m_pausedUntil = 0;
    listen();
}

} // namespace ingress::proxy
