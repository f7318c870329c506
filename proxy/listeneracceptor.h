#pragma once

#include "iohandler.h"
#include "iowatch.h"

#include <cstdint>
#include <string>

namespace ingress::proxy {

class Worker;

// One worker's share of a listener: it accepts from the listening socket that the engine's
// ListenerServer binds, whenever the worker's reactor reports a connection waiting. Every
// worker has one per listener, so whichever worker is free first takes the next connection,
// as nginx and HAProxy workers do (docs/proxy.md, "Accepting").
class ListenerAcceptor final : public IoHandler {
public:
    ListenerAcceptor(Worker &worker, int descriptor, std::string listener);

    int descriptor() const { return m_fd; }
    // Out of descriptors (EMFILE and the like) the waiting connection cannot be taken, and the
    // socket stays readable: accepting pauses instead of spinning, until the worker's sweep
    // calls this after the pause.
    void resumeIfPaused(std::int64_t nowMs);

    void ioReadable() override;
    void ioWritable() override {}

private:
    Worker &m_worker;
    IoWatch m_watch;
    int m_fd;
    std::string m_listener;
    std::int64_t m_pausedUntil = 0; // 0: accepting
};

} // namespace ingress::proxy
