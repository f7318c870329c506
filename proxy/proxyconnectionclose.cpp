// Ending a connection: lingering close, client EOF (including a half-close after a complete
// request), abort, drain and the deadline sweep.
#include "model/topology/duration.h"
#include "proxy/proxyconnection.h"
#include "proxy/worker.h"

#include <unistd.h>

namespace ingress::proxy {

void ProxyConnection::closeAfterWrite() {
    m_state = State::Closing;
    m_deadlineStatus = 0;
    setDeadline(lingerMs + m_worker->settings().keepAliveTimeout.count());
    if (clientPendingOutput() == 0)
        clientWritten(); // otherwise when the stream has flushed it
}

void ProxyConnection::clientEnded() {
    // The client shut down its sending side (`shutdown(SHUT_WR)`, `nc -N`, a TLS close_notify).
    // One whose request arrived whole still reads the response: answer it, then close (the
    // stream closes after our shutdown, since the client's side is done already). A partial
    // request, a tunnel or an idle connection ends here, as at a reset.
    switch (m_state) {
    case State::Forwarding:
        if (m_requestBody.done() && !m_websocket) {
            m_keepAlive = false;
            return;
        }
        break;
    case State::ReadingHead:
        if (m_inStart >= m_in.size() && clientPendingOutput() > 0) {
            closeAfterWrite(); // the last response is still going out
            return;
        }
        break;
    case State::Closing:
        if (!m_lingering)
            return; // still flushing: the shutdown after it ends the connection
        break;
    default:
        break;
    }
    clientGone();
}

void ProxyConnection::clientGone() {
    if (m_state == State::Closed)
        return;
    if (m_startUs != 0 && m_status == 0) {
        m_status = 499; // client closed before the response (nginx's convention)
        logAndRecord();
    }
    finish();
}

void ProxyConnection::finish() {
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    releaseMirrors();
    if (m_auth)
        cancelExternalAuth();
    if (m_upstream)
        releaseUpstream(false);
    closeParked();
    if (m_client)
        m_client->abort();
    m_worker->connectionFinished(this);
}

void ProxyConnection::abort() {
    if (m_state == State::Closed)
        return;
    finish();
}

void ProxyConnection::drain() {
    m_keepAlive = false;
    // A request that has reached the kernel but not us yet is still answered (and closed).
    if (m_state == State::ReadingHead && m_client)
        processInput();
    if (m_state == State::Starting || m_parkedFd >= 0 ||
        (m_state == State::ReadingHead && m_inStart >= m_in.size() && m_deadlineStatus == 0))
        abort();
}

void ProxyConnection::checkDeadline(std::int64_t nowMs) {
    // A busy client's connection parks here, once idle for a while, rather than after each
    // response (handleRequest decides which).
    if (m_state == State::ReadingHead && m_parkedFd < 0 &&
        nowMs - m_idleSinceMs >= m_worker->settings().parkIdleAfter.count())
        maybePark();
    if (m_auth && m_state == State::Forwarding) {
        m_auth->checkDeadline(nowMs); // the question's connect and response timeouts
        return;
    }
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
        else {
            noteUpstreamError(
                QStringLiteral("timed out after %1 waiting for a response from %2")
                    .arg(formatDuration(Duration(responseTimeoutMs())), endpointAddress()));
            upstreamFailed(504, false);
        }
        break;
    default:
        abort();
        break;
    }
}

} // namespace ingress::proxy
