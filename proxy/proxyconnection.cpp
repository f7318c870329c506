#include "proxy/proxyconnection.h"

#include "proxy/balancing/hashing.h"
#include "proxy/headerrewrite.h"
#include "proxy/http/httpchars.h"
#include "proxy/http/requestcookie.h"
#include "proxy/metrics/workermetrics.h"
#include "proxy/worker.h"

#include <chrono>
#include <cstring>
#include <QDateTime>
#include <unistd.h>

namespace ingress::proxy {

namespace {

// Request headers for RoutingTable header matches, straight from the parsed head.
class HeadLookup final : public HeaderLookup {
public:
    explicit HeadLookup(const http::RequestHead &head) : m_head(head) {}
    std::optional<std::string_view> value(std::string_view lowerName) const override {
        if (const http::Header *h = m_head.find(lowerName))
            return h->value;
        return std::nullopt;
    }

private:
    const http::RequestHead &m_head;
};

QByteArray bytes(std::string_view s) {
    return QByteArray(s.data(), qsizetype(s.size()));
}

constexpr qsizetype readStep = 4096;

} // namespace

ProxyConnection::ProxyConnection(Worker *worker, int listener, RoutingTablePtr tableAtAccept)
    : QObject(worker), m_worker(worker), m_listener(listener), m_parkWatch(worker->reactor(), this),
      m_tableAtAccept(std::move(tableAtAccept)) {
    m_request.headers.reserve(32);
    m_response.headers.reserve(32);
}

ProxyConnection::~ProxyConnection() {
    if (m_upstream)
        releaseUpstream(false);
    closeParked();
}

void ProxyConnection::start(ClientStream *client) {
    m_tableAtAccept.reset();
    attachClient(client);
    // A claimed address lives on the stream only: learnt now, it survives parking, which
    // replaces the stream with a bare TcpClientStream.
    if (client->hasClaimedAddress())
        learnClientAddress();
    m_state = State::ReadingHead;
    m_deadlineStatus = 0;
    setDeadline(m_worker->settings().headerTimeout.count());
    m_idleSinceMs = Worker::nowMs();
    // A pipelined next request is served at once; otherwise the connection parks when the
    // response has reached the kernel (clientWritten, if m_parkEarly) or when the sweep finds
    // it idle.
    processInput();
}

void ProxyConnection::learnClientAddress() {
    // On the first request, not at accept: a connection that never sends one (a speculative
    // preconnect, a TLS handshake alone) costs no getpeername() and no formatting.
    if (!m_clientIp.empty() || !m_client)
        return;
    QHostAddress peer = m_client->clientAddress(); // a PROXY header's, or the TCP peer
    bool mapped = false;
    const quint32 v4 = peer.toIPv4Address(&mapped);
    if (mapped)
        peer = QHostAddress(v4);
    m_clientIp = peer.toString().toStdString();
    const Q_IPV6ADDR bytes = peer.toIPv6Address(); // IPv4 as ::ffff:a.b.c.d, as IpBytes wants
    std::memcpy(m_peer.address.data(), bytes.c, m_peer.address.size());
    // A fixed hash (not std::hash) keeps IP-hash clients on their endpoint across restarts.
    m_peer.hash = hashBytes(m_clientIp);
}

void ProxyConnection::attachClient(ClientStream *client) {
    m_client = client;
    m_client->setParent(this);
    m_client->setUser(this);
}

void ProxyConnection::setDeadline(std::int64_t fromNowMs) {
    m_deadlineMs = Worker::nowMs() + fromNowMs;
}

void ProxyConnection::compactInput() {
    if (m_inStart == 0)
        return;
    if (m_inStart >= m_in.size())
        m_in.resize(0);
    else
        m_in.remove(0, m_inStart);
    m_inStart = 0;
}

bool ProxyConnection::readClientIntoBuffer() {
    if (!m_client)
        return false;
    const http::RequestLimits &limits = m_worker->settings().limits;
    // Never buffer more than one maximal head (+1 byte to tell "too large" from "incomplete").
    const qsizetype cap = qsizetype(limits.maxRequestLine + limits.headers.maxBytes + 64);
    compactInput();
    const qsizetype room = cap - m_in.size();
    if (room <= 0)
        return false;
    // Straight from the descriptor (or OpenSSL) into the parse buffer, in the room it already
    // has (one page for a fresh buffer, reserved exactly so that it is kept across keep-alive
    // requests); only a head that fills it grows it.
    if (m_in.capacity() < readStep)
        m_in.reserve(readStep);
    const qsizetype old = m_in.size();
    qsizetype want = m_in.capacity() - old;
    if (want < readStep / 8)
        want = readStep;
    want = std::min(room, want);
    m_in.resize(old + want);
    const qint64 got = m_client->read(m_in.data() + old, want);
    m_in.resize(old + qsizetype(std::max<qint64>(got, 0)));
    return got > 0;
}

void ProxyConnection::clientReadable() {
    switch (m_state) {
    case State::ReadingHead:
        processInput();
        break;
    case State::Forwarding:
        if (!m_requestBody.done())
            pumpRequestBody();
        break; // otherwise: a pipelined request waits in the socket for its turn
    case State::Tunnel:
        pumpTunnel();
        break;
    case State::Closing: {
        char sink[4096];
        while (m_client->read(sink, sizeof sink) > 0) {
        }
        break;
    }
    case State::Starting:
    case State::Closed:
        break;
    }
}

void ProxyConnection::clientWritten() {
    switch (m_state) {
    case State::Closing:
        if (!m_lingering && m_client->pendingOutput() == 0) {
            // Lingering close: stop sending (over TLS after close_notify) but keep reading
            // briefly so that unread request bytes do not turn our close into a reset that
            // destroys the response.
            m_lingering = true;
            m_client->shutdownWrite();
            setDeadline(lingerMs);
            m_deadlineStatus = 0;
        }
        break;
    case State::Forwarding:
        if (m_upstreamState == Upstream::StreamingBody)
            pumpResponseBody();
        break;
    case State::Tunnel:
        pumpTunnel();
        break;
    case State::ReadingHead:
        if (m_parkEarly)
            maybePark(); // the last response has reached the kernel
        break;
    default:
        break;
    }
}

void ProxyConnection::processInput() {
    if (m_inProcessInput)
        return;
    m_inProcessInput = true;
    while (m_state == State::ReadingHead) {
        if (m_inStart >= m_in.size() && !readClientIntoBuffer())
            break;
        const std::string_view view(m_in.constData() + m_inStart,
                                    std::size_t(m_in.size() - m_inStart));
        const http::ParseOutcome outcome =
            http::parseRequestHead(view, m_worker->settings().limits, &m_request);
        if (outcome.status == http::ParseStatus::Error) {
            rejectRequest(outcome.errorStatus, outcome.reason);
            break;
        }
        if (outcome.status == http::ParseStatus::Complete) {
            handleRequest();
            continue;
        }
        if (readClientIntoBuffer())
            continue;
        // A head has started: from now on it must complete within the header timeout.
        if (m_deadlineStatus == 0) {
            m_deadlineStatus = 408;
            setDeadline(m_worker->settings().headerTimeout.count());
        }
        break;
    }
    m_inProcessInput = false;
}

void ProxyConnection::handleRequest() {
    learnClientAddress();
    m_tables = m_worker->tables();
    m_worker->nextRequestId(m_requestId);
    m_startUs = nowUs();
    // Park right after the response only where the client looks idle: its first exchange (a
    // one-request client), or one that paused before this request. A busy keep-alive client
    // would otherwise give up and rebuild its socket on every request; the sweep parks it
    // once it really idles.
    m_parkEarly = m_exchanges++ == 0 ||
                  m_startUs / 1000 - m_idleSinceMs >= m_worker->settings().parkIdleAfter.count();
    m_bytesIn = m_request.headSize;
    m_bytesOut = 0;
    m_status = 0;
    m_service = nullptr;
    m_route = nullptr;
    m_fields.clear();
    m_hostIndex = m_routeIndex = m_endpoint = m_backend = -1;
    m_retries = 0;
    m_upstreamReused = m_connectError = m_responseStarted = false;
    m_keepAlive = m_request.keepAlive && !m_worker->draining();
    m_websocket = m_request.upgradeWebSocket;
    m_requestIdempotent = m_request.isIdempotent();
    m_requestIsHead = m_request.isHead();
    m_maxBody = -1;
    m_bodyBytes = 0;
    m_collect = m_worker->settings().collectAccessLog;
    if (m_collect) {
        m_log = AccessLogEntry{};
        m_log.time = QDateTime::currentDateTimeUtc();
        m_log.method = bytes(m_request.method);
        m_log.target = bytes(m_request.target);
        m_log.protocol = m_request.versionMinor ? "HTTP/1.1" : "HTTP/1.0";
        m_log.host = bytes(m_request.host);
        if (const http::Header *h = m_request.find("referer"))
            m_log.referer = bytes(h->value);
        if (const http::Header *h = m_request.find("user-agent"))
            m_log.userAgent = bytes(h->value);
        m_log.requestId = QByteArray(m_requestId);
        if (m_worker->settings().captureRequestHeaders)
            captureRequestHeaders();
    }

    learnRequestClient();

    // Check whatever body bytes already arrived before anything is sent upstream, so that a
    // smuggling attempt in one packet never reaches a backend.
    using Mode = http::BodyFramer::Mode;
    m_requestBody.reset(m_request.body == http::BodyKind::Chunked  ? Mode::Chunked
                        : m_request.body == http::BodyKind::Length ? Mode::Length
                                                                   : Mode::None,
                        m_request.contentLength);
    m_inStart += qsizetype(m_request.headSize);
    m_pendingBody = qsizetype(
        m_requestBody.feed(m_in.constData() + m_inStart, std::size_t(m_in.size() - m_inStart)));
    m_bytesIn += std::uint64_t(m_pendingBody);
    if (m_requestBody.failed()) {
        rejectRequest(400, m_requestBody.error());
        return;
    }
    if (m_request.method == "CONNECT") {
        answerLocally(501, true);
        return;
    }

    const HeadLookup lookup(m_request);
    RequestInfo info;
    info.listener = m_listener;
    info.method = m_request.method;
    info.host = m_request.host;
    info.path = m_request.path;
    info.query = m_request.query;
    info.headers = &lookup;
    info.splitTicket = m_worker->nextSplitTicket();
    const RouteMatch match = m_tables->table().match(info);
    if (match.host)
        m_hostIndex = match.host->index;
    m_route = match.route;
    if (match.route)
        m_routeIndex = match.route->index;
    if (m_collect) {
        if (match.host)
            m_log.hostPattern = QString::fromStdString(match.host->pattern);
        if (match.route)
            m_log.routePath = QString::fromStdString(match.route->path);
        m_log.hostIndex = m_hostIndex;
        m_log.routeIndex = m_routeIndex;
    }
    // A CORS preflight before anything else, as ingress-nginx answers it (in nginx's rewrite
    // phase, before its HTTPS redirect and the access phase): browsers send no credentials
    // with it, and a redirected preflight fails anyway.
    if (match.route && answeredPreflight(*match.route))
        return;
    // The redirect to HTTPS comes first: a password must not be asked for in clear text.
    const bool httpsRedirect = match.redirect && !(match.route && match.route->redirect);
    if (match.route && !httpsRedirect && !passesPolicy(*match.route))
        return;
    if (match.redirect) {
        answerRedirect(match.redirect->code, match.redirect->location);
        return;
    }
    if (match.route && match.route->respond) {
        answerDirect(*match.route->respond);
        return;
    }
    if (match.route && !match.service && !match.route->backends.empty()) {
        // A split whose every weight is 0 (drained): the route exists but sends nowhere.
        answerLocally(503, false);
        return;
    }
    if (!match.matched() || !match.service) {
        answerLocally(404, false);
        return;
    }
    m_service = match.service;
    // Only a sticky service pays for looking at the cookies; a split's service is already
    // chosen here, so stickiness works within it.
    m_stickyRequested =
        m_service->sticky
            ? m_service->stickyEndpoint(http::findCookie(m_request, m_service->sticky->cookie))
            : -1;
    if (match.route && match.route->isSplit()) {
        const auto &backends = match.route->backends;
        for (std::size_t i = 0; i < backends.size() && m_backend < 0; ++i)
            if (backends[i].service == m_service->index)
                m_backend = int(i);
    }
    if (m_collect)
        m_log.service = QString::fromStdString(m_service->name);
    if (match.route && match.route->maxBodySize) {
        m_maxBody = *match.route->maxBodySize;
        if (m_request.body == http::BodyKind::Length &&
            m_request.contentLength > std::uint64_t(m_maxBody)) {
            answerLocally(413, true);
            return;
        }
    }
    std::string target = match.upstreamPath;
    if (!m_request.query.empty() || m_request.target.ends_with('?')) {
        target += '?';
        target += m_request.query;
    }
    const ConnectionWrapper *wrapper = m_tables->wrapper(m_listener);
    http::writeUpstreamRequest(
        &m_upHead, m_request,
        {target, m_clientIp, wrapper ? wrapper->scheme() : "http",
         std::string_view(m_requestId, 16),
         match.route ? std::string_view(match.route->rewriteHost) : std::string_view(),
         match.route ? &match.route->requestHeaders : nullptr});
    m_state = State::Forwarding;
    m_splitTicket = info.splitTicket;
    if (match.route && awaitingExternalAuth(*match.route))
        return; // forwardRequest() once the authentication service lets it through
    forwardRequest();
}

void ProxyConnection::forwardRequest() {
    if (m_route && !m_route->mirrors.empty())
        startMirrors(*m_route, m_splitTicket);
    connectUpstream();
}

void ProxyConnection::logAndRecord() {
    const std::int64_t duration = nowUs() - m_startUs;
    if (WorkerMetrics *metrics = m_worker->metrics()) {
        RequestRecord r;
        r.listener = m_listener;
        r.host = m_hostIndex;
        r.route = m_routeIndex;
        r.service = m_service ? m_service->index : -1;
        r.endpoint = m_endpoint;
        r.backend = m_backend;
        r.status = m_status;
        r.bytesIn = m_bytesIn;
        r.bytesOut = m_bytesOut;
        r.durationUs = duration;
        r.upstreamReused = m_upstreamReused;
        r.upstreamConnectError = m_connectError;
        r.retries = m_retries;
        r.denied = m_policy.denial();
        metrics->record(r);
    }
    if (m_collect) {
        m_log.status = m_status;
        m_log.upstreamReused = m_upstreamReused;
        m_log.bytesOut = m_bytesOut;
        m_log.durationUs = duration;
        if (m_tables && m_listener >= 0)
            m_log.listener =
                QString::fromStdString(m_tables->table().listeners()[std::size_t(m_listener)].name);
        if (m_service && m_endpoint >= 0)
            m_log.endpoint =
                QString::fromStdString(m_service->endpoints[std::size_t(m_endpoint)].address);
        m_worker->log(std::move(m_log));
        m_log = AccessLogEntry{};
    }
    m_policy.release();
    m_startUs = 0;
}

void ProxyConnection::captureRequestHeaders() {
    // Only for the GUI's request details: a copy per header, bounded so that a client sending
    // hundreds of headers costs no more than a normal request.
    qsizetype total = 0;
    for (const http::Header &h : m_request.headers) {
        total += qsizetype(h.name.size() + h.value.size());
        if (m_log.requestHeaders.size() >= AccessLogEntry::maxCapturedHeaders ||
            total > AccessLogEntry::maxCapturedHeaderBytes) {
            m_log.headersTruncated = true;
            break;
        }
        m_log.requestHeaders.append({bytes(h.name), bytes(h.value)});
    }
}

void ProxyConnection::noteUpstreamError(const QString &error) {
    if (!m_collect)
        return;
    // A retry on another endpoint keeps the first failure: the user asks why it was slow.
    if (m_log.upstreamError.isEmpty())
        m_log.upstreamError = error;
    else
        m_log.upstreamError += QStringLiteral("; then ") + error;
}

QString ProxyConnection::endpointAddress() const {
    if (!m_service || m_endpoint < 0)
        return {};
    return QString::fromStdString(m_service->endpoints[std::size_t(m_endpoint)].address);
}

void ProxyConnection::finishExchange() {
    if (!m_mirrors.empty())
        releaseMirrors();
    if (m_auth)
        cancelExternalAuth();
    m_authPolicy = nullptr; // it points into the table let go below
    logAndRecord();
    m_tables.reset();
    m_service = nullptr;
    m_fields.clear(); // it points into the table just let go
    if (!m_keepAlive) {
        closeAfterWrite();
        return;
    }
    m_state = State::ReadingHead;
    m_deadlineStatus = 0;
    setDeadline(m_worker->settings().keepAliveTimeout.count());
    // An idle keep-alive connection should cost little memory (nginx frees its header buffer
    // the same way): give back large buffers when nothing is pending.
    if (m_inStart >= m_in.size() && m_in.capacity() > readStep) {
        m_in = QByteArray();
        m_inStart = 0;
    }
    // Response heads are read in 8 KiB steps: keep one step's buffer (an allocation per
    // request otherwise); parking frees it once the connection idles.
    if (m_upIn.capacity() > 16 * 1024)
        m_upIn = QByteArray();
    m_idleSinceMs = Worker::nowMs();
    // A pipelined next request is served at once; otherwise the connection parks when the
    // response has reached the kernel (now, or in clientWritten once flushed, if m_parkEarly)
    // or when the sweep finds it idle. Parking at once keeps a crowd of one-request clients
    // from holding a stream and buffers each until the sweep: 1.3 against 20 MiB of RSS per
    // 1,000 idle connections (bench/proxy/run.sh).
    processInput();
    if (m_parkEarly)
        maybePark(); // only when idle and flushed: it checks
}

} // namespace ingress::proxy
