// The upstream half of ProxyConnection: picking an endpoint, connecting or reusing a pooled
// connection, sending the request, parsing and streaming the response, tunnelling.
#include "model/topology/duration.h"
#include "proxy/errorpage.h"
#include "proxy/headerrewrite.h"
#include "proxy/proxyconnection.h"
#include "proxy/proxylog.h"
#include "proxy/worker.h"

#include <cerrno>
#include <cstring>

namespace ingress::proxy {

namespace {

constexpr qsizetype chunkSize = 64 * 1024;
constexpr qsizetype maxResponseHead = 64 * 1024;
constexpr qsizetype headReadSize = 8 * 1024; // the rest of a body streams through scratch()

// One scratch buffer per worker thread for moving body bytes: no allocation per read.
char *scratch() {
    thread_local std::unique_ptr<char[]> buffer(new char[chunkSize]);
    return buffer.get();
}

} // namespace

void ProxyConnection::writeToClient(const char *data, qsizetype size) {
    if (size <= 0)
        return;
    m_client->write(data, size);
    m_bytesOut += std::uint64_t(size);
}

void ProxyConnection::writeToClient(const char *head, qsizetype headSize, const char *body,
                                    qsizetype bodySize) {
    m_client->write(head, headSize, body, bodySize);
    m_bytesOut += std::uint64_t(headSize + std::max<qsizetype>(bodySize, 0));
}

void ProxyConnection::connectUpstream() {
    ServiceState *state = m_tables->serviceState(m_service->index);
    PickRequest pick;
    pick.clientHash = m_requestClient.hash;
    pick.nowMs = Worker::nowMs();
    pick.exclude = m_retries > 0 ? m_endpoint : -1;
    LoadBalancer *balancer = m_tables->balancer(m_service->index);
    // The sticky cookie's endpoint while the balancer itself could pick it (so a retry after
    // it failed goes elsewhere). Its active request is counted below like any pick's.
    const int index = m_stickyRequested >= 0 && balancer->accepts(m_stickyRequested, pick)
                          ? m_stickyRequested
                          : balancer->pick(pick);
    if (index < 0 || index >= int(m_service->endpoints.size())) {
        m_endpoint = -1;
        noteUpstreamError(QStringLiteral("no healthy endpoint in service %1")
                              .arg(QString::fromStdString(m_service->name)));
        answerLocally(503, false, "Retry-After: 5\r\n");
        return;
    }
    m_endpoint = index;
    state->endpoints[std::size_t(index)]->activeRequests.fetch_add(1, std::memory_order_relaxed);
    m_endpointActive = true;
    const CompiledEndpoint &endpoint = m_service->endpoints[std::size_t(index)];
    m_upstreamJunk = false;
    m_upIn.resize(0);
    if (UpstreamSocket *pooled = m_worker->pool().take(endpoint.address)) {
        m_upstream = pooled;
        m_upstream->setUser(this);
        m_upstreamReused = true;
        ++m_upstream->useCount;
        if (m_collect)
            m_log.connectUs = nowUs() - m_startUs;
        sendRequestHead();
        return;
    }
    m_upstream = m_worker->pool().create(endpoint.address);
    m_upstream->setUser(this);
    m_upstream->useCount = 1;
    m_upstreamReused = false;
    m_upstreamState = Upstream::Connecting;
    m_deadlineStatus = 504;
    setDeadline(m_service->connectTimeout.count());
    m_upstream->connectTo(endpoint.host, endpoint.port);
}

void ProxyConnection::offerStickyCookie() {
    // Set when the answer is relayed, not when the endpoint is picked: after a retry the
    // cookie names the endpoint that answered, and a failed one's error page names none.
    if (m_endpoint < 0 || m_endpoint == m_stickyRequested)
        return;
    const CompiledService::Sticky &sticky = *m_service->sticky;
    m_fields.setStickyCookie(sticky.cookie,
                             m_service->endpoints[std::size_t(m_endpoint)].stickyToken,
                             sticky.attributes);
}

void ProxyConnection::upstreamConnected() {
    if (m_upstreamState != Upstream::Connecting)
        return;
    if (m_collect)
        m_log.connectUs = nowUs() - m_startUs;
    sendRequestHead();
}

std::int64_t ProxyConnection::responseTimeoutMs() const {
    if (m_route && m_route->timeout)
        return m_route->timeout->count();
    return m_service->responseTimeout.count();
}

void ProxyConnection::sendRequestHead() {
    m_upstreamState = Upstream::AwaitingHead;
    m_deadlineStatus = 504;
    setDeadline(responseTimeoutMs());
    m_upstream->write(m_upHead);
    if (m_pendingBody > 0) {
        m_upstream->write(m_in.constData() + m_inStart, m_pendingBody);
        m_bodyBytes += std::uint64_t(m_pendingBody);
        m_inStart += m_pendingBody;
        m_pendingBody = 0;
    }
    if (!m_requestBody.done())
        pumpRequestBody();
}

bool ProxyConnection::retryAllowed() const {
    // Only requests whose every byte is still at hand may be sent again.
    return m_requestIdempotent && m_requestBody.mode() == http::BodyFramer::Mode::None &&
           !m_websocket;
}

void ProxyConnection::pumpRequestBody() {
    if (!m_upstream || m_requestBody.done() || m_upstreamState == Upstream::Connecting)
        return;
    const std::size_t highWater = m_worker->settings().highWater;
    char *buffer = scratch();
    while (!m_requestBody.done() && std::size_t(m_upstream->bytesToWrite()) < highWater) {
        const qint64 got = m_client->read(buffer, chunkSize);
        if (got <= 0)
            break;
        m_bytesIn += std::uint64_t(got);
        const std::size_t used = m_requestBody.feed(buffer, std::size_t(got));
        m_bodyBytes += used;
        if (m_requestBody.failed()) {
            if (m_responseStarted)
                abort();
            else
                rejectRequest(400, m_requestBody.error());
            return;
        }
        if (m_maxBody >= 0 && m_bodyBytes > std::uint64_t(m_maxBody)) {
            if (m_responseStarted) {
                abort();
            } else {
                releaseUpstream(false);
                answerLocally(413, true);
            }
            return;
        }
        m_upstream->write(buffer, qint64(used));
        if (!m_mirrors.empty())
            feedMirrors(buffer, used);
        if (used < std::size_t(got)) // the next pipelined request has begun
            m_in.append(buffer + used, qsizetype(std::size_t(got) - used));
        setDeadline(m_deadlineStatus ? m_service->responseTimeout.count()
                                     : m_service->idleTimeout.count());
    }
}

void ProxyConnection::upstreamBytesWritten() {
    if (m_state == State::Tunnel)
        pumpTunnel();
    else if (m_state == State::Forwarding)
        pumpRequestBody();
}

void ProxyConnection::upstreamReadyRead() {
    if (m_state == State::Tunnel) {
        pumpTunnel();
        return;
    }
    if (m_state != State::Forwarding)
        return;
    if (m_upstreamState == Upstream::StreamingBody) {
        pumpResponseBody();
        return;
    }
    // Response head: read it straight into m_upIn (bounded, in small reads), parse in place.
    while (m_upstream && m_state == State::Forwarding &&
           m_upstreamState != Upstream::StreamingBody) {
        const qsizetype room = maxResponseHead + 1 - m_upIn.size();
        if (room <= 0)
            break;
        const qsizetype want = std::min(room, headReadSize);
        const qsizetype old = m_upIn.size();
        m_upIn.resize(old + want);
        const qint64 got = m_upstream->read(m_upIn.data() + old, want);
        m_upIn.resize(old + qsizetype(std::max<qint64>(got, 0)));
        if (got <= 0 || parseResponseHead() || got < want)
            return; // nothing more now, an error (upstreamGone follows) or done
    }
    if (m_upstream && m_upIn.size() > maxResponseHead) {
        noteUpstreamError(
            QStringLiteral("%1 sent a response head over 64 KiB").arg(endpointAddress()));
        upstreamFailed(502, false);
    }
}

bool ProxyConnection::parseResponseHead() {
    for (;;) {
        const std::string_view view(m_upIn.constData(), std::size_t(m_upIn.size()));
        const http::ParseOutcome outcome = http::parseResponseHead(
            view, m_requestIsHead, m_worker->settings().limits.headers, &m_response);
        if (outcome.status == http::ParseStatus::Incomplete) {
            if (m_upIn.size() > maxResponseHead) {
                noteUpstreamError(
                    QStringLiteral("%1 sent a response head over 64 KiB").arg(endpointAddress()));
                upstreamFailed(502, false);
            }
            return false;
        }
        if (outcome.status == http::ParseStatus::Error) {
            qCInfo(lcProxy, "request %s: malformed upstream response: %s", m_requestId,
                   outcome.reason);
            noteUpstreamError(QStringLiteral("malformed response from %1: %2")
                                  .arg(endpointAddress(), QString::fromLatin1(outcome.reason)));
            upstreamFailed(502, false);
            return false;
        }
        const std::size_t headSize = m_response.headSize;
        if (m_collect && m_log.firstByteUs < 0)
            m_log.firstByteUs = nowUs() - m_startUs;
        if (m_response.status == 101) {
            if (!m_websocket) {
                noteUpstreamError(
                    QStringLiteral("%1 switched protocols unasked (101)").arg(endpointAddress()));
                upstreamFailed(502, false);
                return false;
            }
            m_status = 101;
            m_responseStarted = true;
            if (m_service->sticky)
                offerStickyCookie();
            http::writeClientResponse(&m_outHead, m_response, true, true, 1,
                                      m_route ? &m_route->responseHeaders : nullptr, &m_fields);
            writeToClient(m_outHead.constData(), m_outHead.size());
            writeToClient(m_upIn.constData() + headSize, m_upIn.size() - qsizetype(headSize));
            m_upIn.resize(0);
            if (m_inStart < m_in.size())
                m_upstream->write(m_in.constData() + m_inStart, m_in.size() - m_inStart);
            m_in.resize(0);
            m_inStart = 0;
            m_state = State::Tunnel;
            m_upstreamState = Upstream::StreamingBody;
            m_deadlineStatus = 0;
            setDeadline(m_service->idleTimeout.count());
            logAndRecord();
            pumpTunnel();
            return true;
        }
        if (m_response.status < 200) {
            // Interim (100 Continue, 103): relay to HTTP/1.1 clients (HTTP/1.0 has none), then
            // read on.
            if (m_request.versionMinor >= 1) {
                http::writeClientResponse(&m_outHead, m_response, true, false);
                writeToClient(m_outHead.constData(), m_outHead.size());
            }
            m_upIn.remove(0, qsizetype(headSize));
            continue;
        }
        m_status = m_response.status;
        m_responseStarted = true;
        m_worker->passiveHealth().reportSuccess(
            *m_tables->serviceState(m_service->index)->endpoints[std::size_t(m_endpoint)]);
        // An HTTP/1.0 client cannot read chunked: it gets the decoded body, ended by the close.
        m_dechunk =
            m_response.body == http::BodyFramer::Mode::Chunked && m_request.versionMinor == 0;
        if (m_response.body == http::BodyFramer::Mode::UntilClose || !m_requestBody.done() ||
            m_dechunk)
            m_keepAlive = false;
        if (m_service->sticky)
            offerStickyCookie();
        http::writeClientResponse(&m_outHead, m_response, m_keepAlive, false,
                                  m_request.versionMinor,
                                  m_route ? &m_route->responseHeaders : nullptr, &m_fields);
        m_responseBody.reset(m_response.body, m_response.contentLength);
        const std::size_t rest = std::size_t(m_upIn.size()) - headSize;
        const std::size_t used = relayResponseBody(m_upIn.data() + headSize, rest, &m_outHead);
        m_upstreamJunk = used < rest && !m_responseBody.failed();
        m_upIn.resize(0);
        m_upstreamState = Upstream::StreamingBody;
        m_deadlineStatus = 0;
        setDeadline(m_service->responseTimeout.count());
        if (m_responseBody.failed()) {
            abort();
        } else if (m_responseBody.done()) {
            completeResponse();
        } else {
            pumpResponseBody();
        }
        return true;
    }
}

void ProxyConnection::pumpResponseBody() {
    if (!m_upstream || m_upstreamState != Upstream::StreamingBody)
        return;
    const std::size_t highWater = m_worker->settings().highWater;
    char *buffer = scratch();
    bool progressed = false;
    while (std::size_t(clientPendingOutput()) < highWater) {
        const qint64 got = m_upstream->read(buffer, chunkSize);
        if (got <= 0)
            break; // nothing more now, or closed (upstreamGone follows)
        progressed = true;
        const std::size_t used = relayResponseBody(buffer, std::size_t(got));
        if (m_responseBody.failed()) {
            qCInfo(lcProxy, "request %s: malformed upstream body: %s", m_requestId,
                   m_responseBody.error());
            abort();
            return;
        }
        if (m_responseBody.done()) {
            m_upstreamJunk = used < std::size_t(got);
            completeResponse();
            return;
        }
        if (got < chunkSize)
            break; // a short read: the kernel has no more for now
    }
    if (progressed)
        setDeadline(m_service->responseTimeout.count());
}

std::size_t ProxyConnection::relayResponseBody(char *data, std::size_t size,
                                               const QByteArray *head) {
    std::size_t payload = 0;
    std::size_t used = 0;
    if (m_dechunk) {
        used = m_responseBody.decode(data, size, &payload);
    } else {
        used = m_responseBody.feed(data, size);
        payload = used;
    }
    if (head)
        writeToClient(head->constData(), head->size(), data, qsizetype(payload));
    else
        writeToClient(data, qsizetype(payload));
    return used;
}

void ProxyConnection::completeResponse() {
    // Bytes arriving later, while the connection is pooled, make it close itself.
    const bool reusable =
        m_response.keepAlive && m_requestBody.done() && !m_upstreamJunk && m_upstream;
    releaseUpstream(reusable);
    finishExchange();
}

void ProxyConnection::pumpTunnel() {
    if (!m_upstream || !m_client)
        return;
    const std::size_t highWater = m_worker->settings().highWater;
    char *buffer = scratch();
    bool progressed = false;
    while (std::size_t(m_upstream->bytesToWrite()) < highWater) {
        const qint64 got = m_client->read(buffer, chunkSize);
        if (got <= 0)
            break;
        m_upstream->write(buffer, got);
        m_bytesIn += std::uint64_t(got);
        progressed = true;
    }
    while (m_upstream && std::size_t(clientPendingOutput()) < highWater) {
        const qint64 got = m_upstream->read(buffer, chunkSize);
        if (got <= 0)
            break;
        writeToClient(buffer, got);
        progressed = true;
        if (got < chunkSize)
            break;
    }
    if (progressed)
        setDeadline(m_service->idleTimeout.count());
}

void ProxyConnection::upstreamGone() {
    if (!m_upstream)
        return;
    switch (m_upstreamState) {
    case Upstream::Connecting:
        connectFailed(502);
        return;
    case Upstream::AwaitingHead:
        if (m_upstreamReused && m_upIn.isEmpty() && m_requestBody.done() && retryAllowed()) {
            // A pooled connection the upstream had closed meanwhile: send again on a new one.
            releaseUpstream(false);
            connectUpstream();
            return;
        }
        qCInfo(lcProxy, "request %s: upstream closed before responding", m_requestId);
        noteUpstreamError(QStringLiteral("endpoint %1 closed the connection before responding")
                              .arg(endpointAddress()));
        m_worker->passiveHealth().reportFailure(*m_tables->serviceState(m_service->index),
                                                m_endpoint, Worker::nowMs());
        upstreamFailed(502, false);
        return;
    case Upstream::StreamingBody:
        if (m_state == State::Tunnel) {
            pumpTunnel();
            releaseUpstream(false);
            m_keepAlive = false;
            closeAfterWrite();
            return;
        }
        if (m_responseBody.mode() == http::BodyFramer::Mode::UntilClose) {
            // Drain what is left regardless of the client's backlog: the body ends here.
            char *buffer = scratch();
            qint64 got = 0;
            while ((got = m_upstream->read(buffer, chunkSize)) > 0)
                writeToClient(buffer, got);
            releaseUpstream(false);
            m_keepAlive = false;
            finishExchange();
            return;
        }
        // The pump may not have caught up with bytes Qt already holds.
        pumpResponseBody();
        if (m_upstream && m_state == State::Forwarding && !m_responseBody.done()) {
            qCInfo(lcProxy, "request %s: upstream closed mid-body", m_requestId);
            abort();
        }
        return;
    case Upstream::Sending:
    case Upstream::None:
        releaseUpstream(false);
        return;
    }
}

void ProxyConnection::connectFailed(int finalStatus) {
    m_connectError = true;
    qCInfo(lcProxy, "request %s: connect to %s failed", m_requestId,
           m_service->endpoints[std::size_t(m_endpoint)].address.c_str());
    if (m_collect) {
        const int error = m_upstream ? m_upstream->error() : 0;
        if (finalStatus == 504)
            noteUpstreamError(
                QStringLiteral("connect to %1 timed out after %2")
                    .arg(endpointAddress(), formatDuration(m_service->connectTimeout)));
        else if (error == ECONNREFUSED)
            noteUpstreamError(QStringLiteral("connect refused %1").arg(endpointAddress()));
        else
            noteUpstreamError(
                QStringLiteral("connect to %1 failed: %2")
                    .arg(endpointAddress(), error ? QString::fromLocal8Bit(std::strerror(error))
                                                  : QStringLiteral("no address for the name")));
    }
    m_worker->passiveHealth().reportFailure(*m_tables->serviceState(m_service->index), m_endpoint,
                                            Worker::nowMs());
    releaseUpstream(false);
    if (m_retries == 0 && retryAllowed() && m_service->endpoints.size() > 1) {
        ++m_retries;
        connectUpstream();
        return;
    }
    upstreamFailed(finalStatus, true);
}

void ProxyConnection::upstreamFailed(int status, bool connectFailure) {
    m_connectError |= connectFailure;
    if (m_upstream)
        releaseUpstream(false);
    if (m_responseStarted) {
        abort();
        return;
    }
    answerLocally(status, false);
}

void ProxyConnection::releaseUpstream(bool reusable) {
    if (m_endpointActive && m_tables && m_service && m_endpoint >= 0) {
        m_tables->serviceState(m_service->index)
            ->endpoints[std::size_t(m_endpoint)]
            ->activeRequests.fetch_sub(1, std::memory_order_relaxed);
    }
    m_endpointActive = false;
    m_upstreamState = Upstream::None;
    UpstreamSocket *socket = std::exchange(m_upstream, nullptr);
    if (!socket)
        return;
    if (reusable)
        m_worker->pool().release(socket, Worker::nowMs(), m_service->idleTimeout.count());
    else
        UpstreamPool::discard(socket);
}

} // namespace ingress::proxy
