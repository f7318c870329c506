#pragma once

#include "proxy/iohandler.h"
#include "proxy/iowatch.h"

#include <cstdint>
#include <QByteArray>
#include <QObject>
#include <string>
#include <vector>

namespace ingress::proxy {

// Who is using a pooled upstream connection right now.
class UpstreamUser {
public:
    virtual void upstreamConnected() = 0;
    virtual void upstreamReadyRead() = 0;
    virtual void upstreamBytesWritten() = 0; // the write backlog has drained
    virtual void upstreamGone() = 0;         // refused, reset, closed or failed

protected:
    ~UpstreamUser() = default;
};

// An upstream connection on a raw non-blocking descriptor watched by the worker's IoReactor, its
// callbacks dispatched to its current user, so handing it from request to request (keep-alive
// reuse) costs no connect().
//
// Why not QTcpSocket: QAbstractSocket defers every write to the next event-loop pass (its write
// notifier) and reads through its own ring buffer, so each request cost an extra loop pass and a
// copy per direction. Here write() goes straight to the kernel and only what it does not take
// is buffered; read() reads straight into the caller's buffer.
//
// Reading is level-triggered: the watch stays on while the user keeps reading until the kernel
// has no more (a short read). A user that stops early (backpressure) silences it until its next
// read() comes up short, so a full socket never spins the loop.
class UpstreamSocket final : public QObject, private IoHandler {
public:
    UpstreamSocket(IoReactor &reactor, QObject *parent);
    ~UpstreamSocket() override;

    // A new user is told about readability again even if the previous one stopped reading.
    void setUser(UpstreamUser *user);
    UpstreamUser *user() const { return m_user; }

    // Starts a non-blocking connect (`host` an IP literal or a name, resolved asynchronously);
    // the user hears upstreamConnected() or upstreamGone().
    void connectTo(const std::string &host, std::uint16_t port);
    // Connected and not seen closed or failed.
    bool isConnected() const { return m_state == State::Connected; }
    // Reads up to `size` bytes: > 0 read, 0 nothing there now, -1 closed or failed (the user
    // then hears upstreamGone(), after the current callback or on the next loop pass).
    qint64 read(char *data, qint64 size);
    // Writes through to the kernel; what it does not take now is kept and sent when writable.
    void write(const char *data, qint64 size);
    void write(const QByteArray &bytes) { write(bytes.constData(), bytes.size()); }
    qint64 bytesToWrite() const { return m_out.size() - m_outStart; }
    void abort(); // closes the descriptor now; nothing is dispatched afterwards
    // The errno of the failure that closed it (ECONNREFUSED, ...); 0: closed by the peer, or
    // a name without an address.
    int error() const { return m_error; }

    std::vector<UpstreamSocket *> *poolBucket = nullptr; // UpstreamPool's, for "host:port"
    int useCount = 0;                                    // requests served: > 1 means reused
    std::int64_t idleSinceMs = 0;
    std::int64_t idleLimitMs = 0;

private:
    enum class State { Idle, Resolving, Connecting, Connected, Closed };

    void connectToAddress(const void *sockaddr, unsigned length, int family);
    void ioReadable() override;
    void ioWritable() override;
    bool flush();             // false when the connection failed
    void fail(int error = 0); // closed or failed: close, then tell the user once
    void dispatchGone();

    UpstreamUser *m_user = nullptr;
    State m_state = State::Idle;
    int m_fd = -1;
    int m_error = 0;
    IoWatch m_watch;
    QByteArray m_out; // what the kernel did not take yet, from m_outStart
    qsizetype m_outStart = 0;
    bool m_drained = true;      // the last read() came up short: the kernel had no more
    bool m_inReadable = false;  // inside ioReadable's user callback
    bool m_gonePending = false; // a failure the user has not heard about yet
    bool m_goneQueued = false;  // a queued dispatchGone() is on its way
};

} // namespace ingress::proxy
