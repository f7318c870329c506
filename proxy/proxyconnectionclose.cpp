// Ending a connection: lingering close, client EOF (including a half-close after a complete
// request), abort, drain and the deadline sweep.
#include "proxyconnection.h"
#include "worker.h"

#include <cerrno>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QTcpSocket>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace ingress::proxy {

// A client that shuts down its sending side right after a complete request still reads the
// response. Qt takes that EOF for a disconnect and closes its descriptor (an unbuffered
// QTcpSocket too), so the rest of the exchange is written, non-blocking, through the spare
// duplicate taken in attachClient(), and the connection closes after it.
void ProxyConnection::closeAfterWrite() {
    m_state = State::Closing;
    m_deadlineStatus = 0;
    setDeadline(lingerMs + m_worker->settings().keepAliveTimeout.count());
    if (m_clientHalfClosed) {
        // Nothing left to read from it: close as soon as the response is out.
        if (clientPendingOutput() == 0)
            finish();
        return;
    }
    if (m_tlsClient || clientPendingOutput() == 0)
        onClientBytesWritten();
}

qint64 ProxyConnection::clientPendingOutput() const {
    if (m_clientHalfClosed)
        return m_halfClosedOut.size() - m_halfClosedOutStart;
    return m_client->bytesToWrite() + (m_tlsClient ? m_tlsClient->encryptedBytesToWrite() : 0);
}

void ProxyConnection::onClientGone() {
    if (m_state == State::Closed || answerHalfClosedClient())
        return;
    if (m_startUs != 0 && m_status == 0) {
        m_status = 499; // client closed before the response (nginx's convention)
        logAndRecord();
    }
    finish();
}

bool ProxyConnection::answerHalfClosedClient() {
    // Only a request received whole, and only if what was written to the old socket has
    // reached the kernel (Qt drops the rest): the remainder goes through the duplicate.
    if (m_state != State::Forwarding || !m_client || !m_requestBody.done() ||
        m_client->bytesToWrite() > 0 || m_websocket || m_clientSpareFd < 0)
        return false;
    m_client->disconnect(this);
    m_client->deleteLater();
    m_client = nullptr;
    m_clientHalfClosed = true;
    m_keepAlive = false;
    m_halfClosedNotifier = new QSocketNotifier(m_clientSpareFd, QSocketNotifier::Write, this);
    m_halfClosedNotifier->setEnabled(false);
    connect(m_halfClosedNotifier, &QSocketNotifier::activated, this,
            &ProxyConnection::flushHalfClosed);
    return true;
}

void ProxyConnection::writeHalfClosed(const char *data, qsizetype size) {
    if (m_halfClosedFailed)
        return;
    if (m_halfClosedOutStart == m_halfClosedOut.size()) {
        while (size > 0) { // nothing queued: straight to the kernel
            const ssize_t n = ::send(m_clientSpareFd, data, std::size_t(size), MSG_NOSIGNAL);
            if (n > 0) {
                data += n;
                size -= qsizetype(n);
            } else if (n < 0 && errno == EINTR) {
                continue;
            } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                break;
            } else {
                halfClosedFailed();
                return;
            }
        }
        if (size == 0)
            return;
    }
    m_halfClosedOut.append(data, size);
    m_halfClosedNotifier->setEnabled(true);
}

void ProxyConnection::flushHalfClosed() {
    while (m_halfClosedOutStart < m_halfClosedOut.size()) {
        const ssize_t n =
            ::send(m_clientSpareFd, m_halfClosedOut.constData() + m_halfClosedOutStart,
                   std::size_t(m_halfClosedOut.size() - m_halfClosedOutStart), MSG_NOSIGNAL);
        if (n > 0) {
            m_halfClosedOutStart += qsizetype(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        } else {
            halfClosedFailed();
            return;
        }
    }
    m_halfClosedOut.resize(0);
    m_halfClosedOutStart = 0;
    m_halfClosedNotifier->setEnabled(false);
    if (m_state == State::Closing)
        finish();
    else if (m_state == State::Forwarding && m_upstreamState == Upstream::StreamingBody)
        pumpResponseBody(); // backpressure released
}

void ProxyConnection::halfClosedFailed() {
    // The client is gone for good now. Not from inside the caller's write: close on the next
    // pass, dropping whatever else is written meanwhile.
    m_halfClosedFailed = true;
    m_halfClosedOut.clear();
    m_halfClosedOutStart = 0;
    m_halfClosedNotifier->setEnabled(false);
    QMetaObject::invokeMethod(
        this, [this] { abort(); }, Qt::QueuedConnection);
}

void ProxyConnection::finish() {
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    if (m_halfClosedNotifier)
        m_halfClosedNotifier->setEnabled(false); // before its descriptor closes
    if (m_clientSpareFd >= 0)
        ::close(std::exchange(m_clientSpareFd, -1));
    if (m_upstream)
        releaseUpstream(false);
    if (m_parkedFd >= 0) {
        m_worker->unpark(m_parkedFd);
        ::close(m_parkedFd);
        m_parkedFd = -1;
    }
    if (m_client) {
        m_client->disconnect(this);
        m_client->abort();
    }
    m_worker->connectionFinished(this);
}

void ProxyConnection::abort() {
    if (m_state == State::Closed)
        return;
    finish();
}

void ProxyConnection::drain() {
    m_keepAlive = false;
    if (m_state == State::Starting || m_parkedFd >= 0 ||
        (m_state == State::ReadingHead && m_inStart >= m_in.size() && m_deadlineStatus == 0 &&
         m_client->bytesAvailable() == 0))
        abort();
}

void ProxyConnection::checkDeadline(std::int64_t nowMs) {
    // A busy client's connection parks here, once idle for a while, rather than after each
    // response (handleRequest decides which).
    if (m_state == State::ReadingHead && m_parkedFd < 0 &&
        nowMs - m_idleSinceMs >= m_worker->settings().parkIdleAfter.count())
        maybePark();
    if (m_deadlineMs == 0 || nowMs < m_deadlineMs)
        return;
    m_deadlineMs = 0;
    switch (m_state) {
    case State::ReadingHead:
        if (m_deadlineStatus)
            rejectRequest(m_deadlineStatus, "request head not received in time");
        else
            abort(); // idle keep-alive connection
        break;
    case State::Forwarding:
        if (m_upstreamState == Upstream::Connecting)
            connectFailed(504); // a connect timeout is a failed connect: retry rules apply
        else if (m_responseStarted)
            abort();
        else
            upstreamFailed(504, false);
        break;
    default:
        abort();
        break;
    }
}

} // namespace ingress::proxy
