#pragma once

#include "proxy/iohandler.h"

#include <cstdint>
#include <string>

namespace ingress::proxy {

class Worker;
class WorkerEventDispatcher;

// One worker's share of a listener: it accepts from the listening socket that the engine's
// ListenerServer binds, whenever the worker's event dispatcher reports a connection waiting.
// Every worker has one per listener, so whichever worker is free first takes the next
// connection, as nginx and HAProxy workers do; the dispatcher wakes two waiting workers per
// connection at most, not all (docs/proxy.md, "Accepting"). Needs a WorkerEventDispatcher
// thread.
class ListenerAcceptor final : public IoHandler {
public:
    ListenerAcceptor(Worker &worker, int descriptor, std::string listener);
    ~ListenerAcceptor();
    ListenerAcceptor(const ListenerAcceptor &) = delete;
    ListenerAcceptor &operator=(const ListenerAcceptor &) = delete;

    int descriptor() const { return m_fd; }
    // Out of descriptors (EMFILE and the like) the waiting connection cannot be taken, and the
    // socket stays readable: accepting pauses instead of spinning, until the worker's sweep
    // calls this after the pause.
    void resumeIfPaused(std::int64_t nowMs);

    void ioReadable() override;
    void ioWritable() override {}

private:
    bool listen();

    Worker &m_worker;
    WorkerEventDispatcher *m_dispatcher;
    int m_fd;
    std::string m_listener;
    bool m_listening = false;
    std::int64_t m_pausedUntil = 0; // 0: not paused
};

} // namespace ingress::proxy
