#include "proxy/listeneracceptor.h"

#include "proxy/proxylog.h"
#include "proxy/worker.h"
#include "proxy/workereventdispatcher.h"

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
    m_listening = m_dispatcher->addListener(m_fd, this, !m_worker.wakesForEveryConnection());
    return m_listening;
}

void ListenerAcceptor::ioReadable() {
    // A few connections per call while this worker holds no more than its share: a burst (a
    // client opening its connection pool) spreads over the workers, and a queue that built up
    // while this worker was busy drains without a loop pass per connection. At least one per
    // call, and the dispatcher calls again while the socket stays readable.
    int taken = 0;
    int error = 0;
    while (taken < maxBatch && (taken == 0 || m_worker.belowFairShare())) {
        const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            error = errno; // before anything else can change it
            break;
        }
        ++taken;
        m_worker.accept(fd, m_listener);
    }
    if (error == 0)
        return;
    switch (error) {
    case EAGAIN:
        return; // nothing waits (another worker took it)
    case EINTR:
    case ECONNABORTED: // the client gave up while queued
    case EPROTO:
        return; // try the next one
    default:
        // Out of descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM), or anything else that
        // may persist: the socket stays readable, so pause rather than spin.
        qCWarning(lcProxy, "listener %s: cannot accept (%s); pausing for %lld ms",
                  m_listener.c_str(), std::strerror(error), static_cast<long long>(pauseMs));
        m_dispatcher->removeListener(m_fd);
        m_listening = false;
        m_pausedUntil = Worker::nowMs() + pauseMs;
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
