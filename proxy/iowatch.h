#pragma once

namespace ingress::proxy {

class IoHandler;
class IoReactor;

// One descriptor in an IoReactor: a replacement for a pair of QSocketNotifiers that costs no
// system call to switch on or off (docs/proxy.md, "The reactor").
//
// The descriptor is registered once, edge-triggered for both directions, and the watch keeps
// what the kernel last said: readable until a read comes up short, writable until a write does.
// The owner reports those with readDrained() / writeBlocked(). While a direction is watched and
// ready, its handler is called, again on every reactor pass until the owner reports it drained
// or stops watching: the level-triggered behaviour of a QSocketNotifier, from userland state.
// A missed drain report costs one more callback whose read finds nothing, never a lost wake-up.
class IoWatch {
public:
    IoWatch(IoReactor &reactor, IoHandler *handler);
    ~IoWatch(); // detach()es
    IoWatch(const IoWatch &) = delete;
    IoWatch &operator=(const IoWatch &) = delete;

    // Registers `descriptor` (one at a time); false when epoll refuses it.
    bool attach(int descriptor);
    // Leaves the reactor now: call it before the descriptor is closed or handed on, since a
    // closed descriptor's number is soon another connection's. Nothing is called afterwards.
    void detach();
    void watchRead(bool on);
    void watchWrite(bool on);
    // False once a read came up short and no edge has come since: a read now would only find
    // EAGAIN, and whatever arrives meanwhile is delivered by a callback (nginx's `ready` flag).
    // True before the first read.
    bool readReady() const { return m_readReady || m_readUnknown; }
    // The last read found no more bytes (EAGAIN, or a short read on a stream socket). Not
    // after a hang-up: the EOF or error behind the bytes is still to be read, and its edge
    // has passed.
    void readDrained() {
        m_readReady = m_hungUp;
        m_readUnknown = false;
    }
    // Input waits outside the kernel (decrypted or read-ahead bytes inside OpenSSL), with no
    // edge to come for it: readable until the owner reports it drained.
    void markReadable();
    // The last write was not taken whole (EAGAIN or a partial write).
    void writeBlocked() { m_writeReady = false; }

private:
    friend class IoReactor;
    bool due() const { return (m_wantRead && m_readReady) || (m_wantWrite && m_writeReady); }

    IoReactor *m_reactor;
    IoHandler *m_handler;
    int m_fd = -1; // registered, or -1
    bool m_wantRead = false;
    bool m_wantWrite = false;
    bool m_readReady = false;
    bool m_writeReady = false;
    bool m_hungUp = false;     // EPOLLRDHUP, EPOLLHUP or EPOLLERR seen
    bool m_readUnknown = true; // attached, never read: the kernel may hold bytes
    bool m_queued = false;     // in the reactor's pending list
    // The reactor's list of its watches: a watch that outlives its reactor (destroyed later in
    // the same thread's shutdown) is left inert instead of touching it.
    IoWatch *m_prev = nullptr;
    IoWatch *m_next = nullptr;
};

} // namespace ingress::proxy
