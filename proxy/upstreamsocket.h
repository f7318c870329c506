#pragma once

#include <QTcpSocket>

namespace ingress::proxy {

// Who is using a pooled upstream connection right now.
class UpstreamUser {
public:
    virtual void upstreamConnected() = 0;
    virtual void upstreamReadyRead() = 0;
    virtual void upstreamBytesWritten() = 0;
    virtual void upstreamGone() = 0; // refused, reset, closed or failed

protected:
    ~UpstreamUser() = default;
};

// An upstream connection whose signals are connected once, at creation, and dispatched to its
// current user; handing it from request to request (keep-alive reuse) costs no connect().
class UpstreamSocket final : public QTcpSocket {
public:
    explicit UpstreamSocket(QObject *parent);

    void setUser(UpstreamUser *user) { m_user = user; }
    UpstreamUser *user() const { return m_user; }
    std::string endpointKey; // the pool bucket ("host:port")
    int useCount = 0;        // requests served: > 1 means reused
    std::int64_t idleSinceMs = 0;
    std::int64_t idleLimitMs = 0;

private:
    UpstreamUser *m_user = nullptr;
};

} // namespace ingress::proxy
