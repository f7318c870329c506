#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <QAbstractEventDispatcher>
#include <unordered_map>
#include <vector>

namespace ingress::proxy {

class IoHandler;

// The event dispatcher of the engine's worker threads: Qt's posted events, timers and socket
// notifiers, waiting in one epoll_wait() (docs/proxy.md, "How many workers wake").
//
// Why our own: Qt's dispatchers wait in ppoll() (or GLib's poll()) on their descriptors. A
// listening socket that every worker watches then wakes every idle worker for each new
// connection, since EPOLLEXCLUSIVE only spares threads blocked in epoll_wait() itself. Here the
// thread blocks in epoll_wait() on the set that holds the listeners, so that a listener added
// EPOLLEXCLUSIVE wakes one of the threads waiting on it.
//
// Timers are kept to the millisecond on the steady clock whatever their type (Qt's coarse
// timers may fire 5 % late; ours do not need to); the worker threads have a handful.
class WorkerEventDispatcher final : public QAbstractEventDispatcher {
    Q_OBJECT
public:
    WorkerEventDispatcher();
    ~WorkerEventDispatcher() override;

    // A listening socket: `handler` is called while it is readable (level-triggered). From the
    // dispatcher's thread. A connection wakes every waiting thread that added the socket
    // non-exclusive and one of those that added it `exclusive`.
    bool addListener(int descriptor, IoHandler *handler, bool exclusive = true);
    void removeListener(int descriptor);

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                       QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override;
    void interrupt() override;

private:
    using Clock = std::chrono::steady_clock;
    struct Timer {
        int id;
        qint64 interval;
        Qt::TimerType type;
        QObject *object;
        Clock::time_point due;
    };
    struct Notifiers {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
    };

    int waitTimeout() const; // ms until the next timer, -1: none
    int activateTimers();
    bool updateNotifiers(int descriptor);
    int activateNotifiers(int descriptor, std::uint32_t events);

    int m_epoll = -1;
    int m_wake = -1;                        // eventfd: wakeUp() from any thread
    std::atomic<bool> m_wakePending{false}; // written, not yet read: no second write needed
    std::atomic<bool> m_interrupted{false};
    std::vector<Timer> m_timers;
    std::unordered_map<int, Notifiers> m_notifiers;
    std::unordered_map<int, IoHandler *> m_listeners;
};

} // namespace ingress::proxy
