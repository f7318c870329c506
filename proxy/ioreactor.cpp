#include "proxy/ioreactor.h"

#include "proxy/iohandler.h"
#include "proxy/iowatch.h"

#include <algorithm>
#include <QCoreApplication>
#include <QEvent>
#include <QSocketNotifier>
#include <sys/epoll.h>
#include <unistd.h>

namespace ingress::proxy {

namespace {

// Ready descriptors taken per epoll_wait(); more wake the notifier again on the next pass.
constexpr int batchSize = 128;
// Watches still due after this many rounds in one pass (a handler that reads a large body a
// chunk at a time) continue on the next loop pass, after timers and other events.
constexpr int roundsPerPass = 4;

void nullOut(std::vector<IoWatch *> &list, IoWatch *watch) {
    std::replace(list.begin(), list.end(), watch, static_cast<IoWatch *>(nullptr));
}

} // namespace

IoReactor::IoReactor(QObject *parent) : QObject(parent) {
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0)
        return;
    m_notifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &IoReactor::onReady);
}

IoReactor::~IoReactor() {
    for (IoWatch *w = m_watches; w; w = w->m_next)
        w->m_reactor = nullptr;
    delete m_notifier;
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool IoReactor::add(IoWatch *watch, int descriptor) {
    if (m_epoll < 0 || descriptor < 0)
        return false;
    epoll_event event{};
    // Edge-triggered both ways, registered once: switching a direction on or off is userland
    // state (IoWatch), not an epoll_ctl() per change.
    event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    event.data.ptr = watch;
    if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, descriptor, &event) != 0)
        return false;
    watch->m_next = m_watches;
    if (m_watches)
        m_watches->m_prev = watch;
    m_watches = watch;
    return true;
}

void IoReactor::remove(IoWatch *watch) {
    // Explicitly, not by close(): the descriptor may live on (parking hands it over).
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, watch->m_fd, nullptr);
    if (watch->m_prev)
        watch->m_prev->m_next = watch->m_next;
    else
        m_watches = watch->m_next;
    if (watch->m_next)
        watch->m_next->m_prev = watch->m_prev;
    watch->m_prev = watch->m_next = nullptr;
    if (watch->m_queued) {
        watch->m_queued = false;
        nullOut(m_pending, watch);
        nullOut(m_round, watch);
    }
    if (m_current == watch)
        m_current = nullptr;
}

void IoReactor::schedule(IoWatch *watch) {
    watch->m_queued = true;
    m_pending.push_back(watch);
    // Outside a pass (a timer, a queued call switched a ready direction on) the loop must come
    // back to us even if no descriptor changes.
    if (!m_dispatching && !m_wakePosted) {
        m_wakePosted = true;
        QCoreApplication::postEvent(this, new QEvent(QEvent::User));
    }
}

void IoReactor::customEvent(QEvent *event) {
    if (event->type() != QEvent::User)
        return;
    m_wakePosted = false;
    dispatch();
}

void IoReactor::onReady() {
    epoll_event events[batchSize];
    const int n = ::epoll_wait(m_epoll, events, batchSize, 0);
    // Only bookkeeping here: a handler may destroy other watches, so none is called before
    // every event of the batch has been recorded.
    for (int i = 0; i < n; ++i) {
        auto *w = static_cast<IoWatch *>(events[i].data.ptr);
        const std::uint32_t e = events[i].events;
        // Hang-ups and errors wake both directions: the next read or write reports them.
        if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
            w->m_readReady = true;
        if (e & (EPOLLRDHUP | EPOLLHUP | EPOLLERR))
            w->m_hungUp = true;
        if (e & (EPOLLOUT | EPOLLHUP | EPOLLERR))
            w->m_writeReady = true;
        if (w->due() && !w->m_queued) {
            w->m_queued = true;
            m_pending.push_back(w);
        }
    }
    dispatch();
}

void IoReactor::dispatch() {
    m_dispatching = true;
    for (int round = 0; round < roundsPerPass && !m_pending.empty(); ++round) {
        m_round.swap(m_pending);
        for (IoWatch *w : m_round) {
            if (!w)
                continue; // destroyed by an earlier handler
            w->m_queued = false;
            m_current = w;
            if (w->m_wantRead && w->m_readReady)
                w->m_handler->ioReadable();
            if (m_current && w->m_wantWrite && w->m_writeReady)
                w->m_handler->ioWritable();
            if (m_current && w->due() && !w->m_queued) // level-triggered: not drained yet
                schedule(w);
        }
        m_round.clear();
    }
    m_current = nullptr;
    m_dispatching = false;
    if (!m_pending.empty() && !m_wakePosted) {
        m_wakePosted = true;
        QCoreApplication::postEvent(this, new QEvent(QEvent::User));
    }
}

} // namespace ingress::proxy
