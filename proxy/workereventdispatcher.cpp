#include "proxy/workereventdispatcher.h"

#include "proxy/iohandler.h"
#include "proxy/proxylog.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace ingress::proxy {

namespace {

// What an epoll event is for: the descriptor in the low 32 bits, its kind above.
enum class Kind : std::uint64_t { Wake = 0, Notifier = 1, Listener = 2 };

std::uint64_t tag(Kind kind, int descriptor) {
    return (std::uint64_t(kind) << 32) | std::uint32_t(descriptor);
}

constexpr int batchSize = 64;

} // namespace

WorkerEventDispatcher::WorkerEventDispatcher() {
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    m_wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = tag(Kind::Wake, m_wake);
    if (m_epoll < 0 || m_wake < 0 || ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &event) != 0)
        qFatal("worker event dispatcher: %s", std::strerror(errno)); // no loop without it
}

WorkerEventDispatcher::~WorkerEventDispatcher() {
    ::close(m_wake);
    ::close(m_epoll);
}

bool WorkerEventDispatcher::addListener(int descriptor, IoHandler *handler, bool exclusive) {
    epoll_event event{};
    // Level-triggered: the handler may leave connections queued (its fair share taken) and is
    // called again on the next pass.
    event.events = EPOLLIN | (exclusive ? EPOLLEXCLUSIVE : 0u);
    event.data.u64 = tag(Kind::Listener, descriptor);
    if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, descriptor, &event) != 0)
        return false;
    m_listeners[descriptor] = handler;
    return true;
}

void WorkerEventDispatcher::removeListener(int descriptor) {
    if (m_listeners.erase(descriptor))
        ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, descriptor, nullptr);
}

bool WorkerEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags) {
    m_interrupted.store(false, std::memory_order_relaxed);
    Q_EMIT awake();
    QCoreApplication::sendPostedEvents();
    if (m_interrupted.load(std::memory_order_relaxed))
        return false;
    // Events posted from now on call wakeUp(), which ends the wait at once.
    const bool wait = flags.testFlag(QEventLoop::WaitForMoreEvents);
    if (wait)
        Q_EMIT aboutToBlock();
    const bool notifiers = !flags.testFlag(QEventLoop::ExcludeSocketNotifiers);
    epoll_event events[batchSize];
    const int n = ::epoll_wait(m_epoll, events, batchSize, wait ? waitTimeout() : 0);
    int handled = 0;
    for (int i = 0; i < n; ++i) {
        const auto kind = Kind(events[i].data.u64 >> 32);
        const int descriptor = int(std::uint32_t(events[i].data.u64));
        if (kind == Kind::Wake) {
            // Read, then clear: a wakeUp() in between writes nothing, and what it announced is
            // sent at the start of the next pass. Cleared first, a write in between could be
            // read here and leave the flag set with nothing to clear it: no wake-up ever after.
            std::uint64_t count;
            [[maybe_unused]] const ssize_t r = ::read(m_wake, &count, sizeof count);
            m_wakePending.store(false, std::memory_order_release);
            ++handled;
        } else if (!notifiers) {
            continue; // level-triggered: reported again on a later pass
        } else if (kind == Kind::Notifier) {
            handled += activateNotifiers(descriptor, events[i].events);
        } else if (const auto it = m_listeners.find(descriptor); it != m_listeners.end()) {
            it->second->ioReadable(); // looked up now: an earlier handler may have removed it
            ++handled;
        }
    }
    handled += activateTimers();
    return handled > 0;
}

void WorkerEventDispatcher::wakeUp() {
    if (m_wakePending.exchange(true, std::memory_order_acq_rel))
        return; // one write wakes the wait; the posted events are all sent on the next pass
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t r = ::write(m_wake, &one, sizeof one);
}

void WorkerEventDispatcher::interrupt() {
    m_interrupted.store(true, std::memory_order_relaxed);
    wakeUp();
}

// --- socket notifiers ------------------------------------------------------------------------

void WorkerEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier) {
    const int descriptor = int(notifier->socket());
    Notifiers &n = m_notifiers[descriptor];
    switch (notifier->type()) {
    case QSocketNotifier::Read:
        n.read = notifier;
        break;
    case QSocketNotifier::Write:
        n.write = notifier;
        break;
    case QSocketNotifier::Exception:
        n.exception = notifier;
        break;
    }
    if (!updateNotifiers(descriptor))
        qCWarning(lcProxy, "worker event dispatcher: cannot watch descriptor %d: %s", descriptor,
                  std::strerror(errno));
}

void WorkerEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier) {
    const auto it = m_notifiers.find(int(notifier->socket()));
    if (it == m_notifiers.end())
        return;
    for (QSocketNotifier **slot : {&it->second.read, &it->second.write, &it->second.exception}) {
        if (*slot == notifier)
            *slot = nullptr;
    }
    updateNotifiers(it->first);
}

bool WorkerEventDispatcher::updateNotifiers(int descriptor) {
    const auto it = m_notifiers.find(descriptor);
    const Notifiers &n = it->second;
    epoll_event event{};
    event.events =
        (n.read ? EPOLLIN : 0u) | (n.write ? EPOLLOUT : 0u) | (n.exception ? EPOLLPRI : 0u);
    event.data.u64 = tag(Kind::Notifier, descriptor);
    if (event.events == 0) {
        m_notifiers.erase(it);
        // The descriptor may be closed already (its notifier outlived it): nothing to undo then.
        ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, descriptor, nullptr);
        return true;
    }
    // MOD first; ADD when the descriptor is new to epoll (or was closed and reused).
    if (::epoll_ctl(m_epoll, EPOLL_CTL_MOD, descriptor, &event) == 0)
        return true;
    return errno == ENOENT && ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, descriptor, &event) == 0;
}

int WorkerEventDispatcher::activateNotifiers(int descriptor, std::uint32_t events) {
    // As Qt's UNIX dispatcher: hang-ups and errors wake readers, errors wake writers too. Each
    // notifier is looked up again after the previous one ran: it may have gone meanwhile.
    const auto notifier = [&](QSocketNotifier *Notifiers::*slot) -> QSocketNotifier * {
        const auto it = m_notifiers.find(descriptor);
        return it == m_notifiers.end() ? nullptr : it->second.*slot;
    };
    int activated = 0;
    const auto activate = [&](QSocketNotifier *n) {
        if (!n)
            return;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(n, &event);
        ++activated;
    };
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
        activate(notifier(&Notifiers::read));
    if (events & (EPOLLOUT | EPOLLERR))
        activate(notifier(&Notifiers::write));
    if (events & EPOLLPRI)
        activate(notifier(&Notifiers::exception));
    return activated;
}

// --- timers ----------------------------------------------------------------------------------

void WorkerEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                                          QObject *object) {
    m_timers.push_back(
        {timerId, interval, timerType, object, Clock::now() + std::chrono::milliseconds(interval)});
}

bool WorkerEventDispatcher::unregisterTimer(int timerId) {
    return std::erase_if(m_timers, [timerId](const Timer &t) { return t.id == timerId; }) > 0;
}

bool WorkerEventDispatcher::unregisterTimers(QObject *object) {
    return std::erase_if(m_timers, [object](const Timer &t) { return t.object == object; }) > 0;
}

QList<QAbstractEventDispatcher::TimerInfo>
WorkerEventDispatcher::registeredTimers(QObject *object) const {
    QList<TimerInfo> list;
    for (const Timer &t : m_timers) {
        if (t.object == object)
            list.append(TimerInfo(t.id, int(t.interval), t.type));
    }
    return list;
}

int WorkerEventDispatcher::remainingTime(int timerId) {
    const auto it = std::find_if(m_timers.begin(), m_timers.end(),
                                 [timerId](const Timer &t) { return t.id == timerId; });
    if (it == m_timers.end())
        return -1;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(it->due - Clock::now()).count();
    return int(std::max<std::int64_t>(0, left));
}

int WorkerEventDispatcher::waitTimeout() const {
    if (m_timers.empty())
        return -1;
    const auto next =
        std::min_element(m_timers.begin(), m_timers.end(), [](const Timer &a, const Timer &b) {
            return a.due < b.due;
        })->due;
    // Rounded up: waking a fraction of a millisecond early would only wait again.
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(next - Clock::now()).count();
    return int(std::clamp<std::int64_t>(left, 0, 24 * 3600 * 1000));
}

int WorkerEventDispatcher::activateTimers() {
    if (m_timers.empty())
        return 0;
    const auto now = Clock::now();
    // Ids first: a timer event may start or stop timers, its own included.
    std::vector<int> due;
    for (const Timer &t : m_timers) {
        if (t.due <= now)
            due.push_back(t.id);
    }
    for (int id : due) {
        const auto it = std::find_if(m_timers.begin(), m_timers.end(),
                                     [id](const Timer &t) { return t.id == id; });
        if (it == m_timers.end())
            continue; // stopped by an earlier timer's event
        // The next expiry keeps the rhythm, or starts over from now if this one came late.
        it->due += std::chrono::milliseconds(it->interval);
        if (it->due < now)
            it->due = now + std::chrono::milliseconds(it->interval);
        QTimerEvent event(id);
        QCoreApplication::sendEvent(it->object, &event);
    }
    return int(due.size());
}

} // namespace ingress::proxy
