#pragma once

#include <cstdint>
#include <QObject>
#include <vector>

class QSocketNotifier;

namespace ingress::proxy {

class IoWatch;

// One epoll set per worker thread for every client and upstream descriptor of that thread,
// woken through a single QSocketNotifier on the epoll descriptor (docs/proxy.md, "The reactor").
//
// Why not a QSocketNotifier per descriptor: Qt's UNIX event dispatcher rebuilds and ppoll()s the
// whole notifier set on every loop pass, so each pass cost the kernel a poll of every
// connection (13.8 % of the engine's CPU at 50 busy connections, `perf`), against 4 % for
// nginx's epoll_wait(). Here a pass polls three descriptors, and epoll_wait() returns only
// the ready ones.
//
// Callbacks run from the reactor's notifier, on the thread that created it. A watch may be
// destroyed inside any callback, its own included.
class IoReactor final : public QObject {
public:
    explicit IoReactor(QObject *parent = nullptr);
    ~IoReactor() override;

protected:
    void customEvent(QEvent *event) override;

private:
    friend class IoWatch;
    bool add(IoWatch *watch, int descriptor);
    void remove(IoWatch *watch);
    void schedule(IoWatch *watch); // due: call it on this pass or the next
    void onReady();
    void dispatch();

    int m_epoll = -1;
    QSocketNotifier *m_notifier = nullptr;
    std::vector<IoWatch *> m_pending; // due watches; null where one was destroyed meanwhile
    std::vector<IoWatch *> m_round;   // the ones being called now
    IoWatch *m_current = nullptr;     // the one being called; null once destroyed
    IoWatch *m_watches = nullptr;     // every registered watch (IoWatch::m_next)
    bool m_dispatching = false;
    bool m_wakePosted = false;
};

} // namespace ingress::proxy
