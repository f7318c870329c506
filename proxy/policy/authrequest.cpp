#include "proxy/policy/authrequest.h"

#include "model/topology/duration.h"
#include "proxy/headerrewrite.h"
#include "proxy/http/headwriter.h"
#include "proxy/http/httpchars.h"
#include "proxy/proxylog.h"
#include "proxy/worker.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace ingress::proxy {

namespace {

constexpr qsizetype readSize = 16 * 1024;

// The client's fields the question does not carry: what frames the client's body (the question
// has none), what it asks of the proxy alone, and what the proxy itself sets, so that a client
// cannot tell the authentication service it asked for another URL.
bool notForwarded(std::string_view name) {
    using http::equalsIgnoreCase;
    if (http::isHopByHop(name))
        return true;
    switch (name.size()) {
    case 4:
        return equalsIgnoreCase(name, "host");
    case 6:
        return equalsIgnoreCase(name, "expect");
    case 14:
        return equalsIgnoreCase(name, "content-length") || equalsIgnoreCase(name, "x-original-url");
    case 15:
        return equalsIgnoreCase(name, "x-forwarded-uri");
    case 16:
        return equalsIgnoreCase(name, "x-forwarded-host");
    case 17:
        return equalsIgnoreCase(name, "x-forwarded-proto") ||
               equalsIgnoreCase(name, "x-original-method");
    case 18:
        return equalsIgnoreCase(name, "x-forwarded-method");
    default:
        return false;
    }
}

// Is `name` listed in a Connection field of the request (hop-by-hop by the client's word)?
bool nominated(const std::vector<http::Header> &headers, std::string_view name) {
    for (const http::Header &h : headers)
        if (http::equalsIgnoreCase(h.name, "connection") && http::listContains(h.value, name))
            return true;
    return false;
}

// The path and query the client asked for, whatever the target's form.
void addUri(http::HeadWriter &w, const http::RequestHead &request) {
    w.add(request.path);
    if (!request.query.empty() || request.target.ends_with('?')) {
        w.add('?');
        w.add(request.query);
    }
}

} // namespace

AuthRequest::AuthRequest(Worker &worker, WorkerTablesPtr tables,
                         const CompiledPolicy::ExternalAuth &auth, Done done, QObject *parent)
    : QObject(parent), m_worker(worker), m_tables(std::move(tables)), m_auth(auth),
      m_done(std::move(done)) {
}

AuthRequest::~AuthRequest() {
    release();
}

void AuthRequest::writeHead(QByteArray *out, const http::RequestHead &request,
                            std::string_view path, const Origin &origin,
                            std::string_view fallbackHost) {
    http::HeadWriter w(out);
    w.add("GET ");
    w.add(path);
    w.add(" HTTP/1.1\r\n");
    w.addField("Host", request.host.empty() ? fallbackHost : request.host);
    std::string_view forwardedFor;
    bool haveRequestId = false;
    for (const http::Header &h : request.headers) {
        if (notForwarded(h.name) || nominated(request.headers, h.name))
            continue;
        if (http::equalsIgnoreCase(h.name, "x-forwarded-for")) {
            forwardedFor = h.value; // extended below, as for the backend
            continue;
        }
        haveRequestId |= http::equalsIgnoreCase(h.name, "x-request-id");
        w.addField(h.name, h.value);
    }
    w.add("X-Forwarded-For: ");
    if (!forwardedFor.empty()) {
        w.add(forwardedFor);
        w.add(", ");
    }
    w.add(origin.clientIp);
    w.add("\r\n");
    w.addField("X-Forwarded-Proto", origin.scheme);
    w.addField("X-Forwarded-Host", request.host);
    w.addField("X-Forwarded-Method", request.method);
    w.add("X-Forwarded-Uri: ");
    addUri(w, request);
    w.add("\r\nX-Original-URL: ");
    w.add(origin.scheme);
    w.add("://");
    w.add(request.host);
    addUri(w, request);
    w.add("\r\n");
    w.addField("X-Original-Method", request.method);
    if (!haveRequestId && !origin.requestId.empty())
        w.addField("X-Request-Id", origin.requestId);
    w.add("Connection: close\r\n\r\n");
}

std::string AuthRequest::originalUrl(const http::RequestHead &request, std::string_view scheme) {
    std::string url;
    url.reserve(scheme.size() + 3 + request.host.size() + request.target.size());
    url.append(scheme).append("://").append(request.host).append(request.path);
    if (!request.query.empty() || request.target.ends_with('?'))
        url.append("?").append(request.query);
    return url;
}

void AuthRequest::start(const http::RequestHead &request, const Origin &origin,
                        std::uint64_t clientHash) {
    m_clientHash = clientHash;
    const auto &services = m_tables->table().services();
    if (m_auth.service < 0 || std::size_t(m_auth.service) >= services.size()) {
        fail(QStringLiteral("unknown authentication service %1")
                 .arg(QString::fromStdString(m_auth.serviceName)));
        return;
    }
    writeHead(&m_head, request, m_auth.path, origin, m_auth.serviceName);
    connectToEndpoint();
}

void AuthRequest::connectToEndpoint() {
    const CompiledService &service = m_tables->table().services()[std::size_t(m_auth.service)];
    PickRequest pick;
    pick.clientHash = m_clientHash;
    pick.nowMs = Worker::nowMs();
    pick.exclude = m_retried ? m_endpoint : -1;
    const int index = m_tables->balancer(service.index)->pick(pick);
    if (index < 0 || index >= int(service.endpoints.size())) {
        fail(QStringLiteral("no healthy endpoint in authentication service %1")
                 .arg(QString::fromStdString(service.name)));
        return;
    }
    m_endpoint = index;
    m_tables->serviceState(service.index)
        ->endpoints[std::size_t(index)]
        ->activeRequests.fetch_add(1, std::memory_order_relaxed);
    m_endpointActive = true;
    const CompiledEndpoint &endpoint = service.endpoints[std::size_t(index)];
    m_upstream = m_worker.pool().create(endpoint.address);
    m_upstream->setUser(this);
    m_phase = Phase::Connecting;
    m_deadlineMs = Worker::nowMs() + service.connectTimeout.count();
    m_upstream->connectTo(endpoint.host, endpoint.port);
}

void AuthRequest::connectFailed(const QString &why) {
    const CompiledService &service = m_tables->table().services()[std::size_t(m_auth.service)];
    m_worker.passiveHealth().reportFailure(*m_tables->serviceState(service.index), m_endpoint,
                                           Worker::nowMs());
    release();
    // As for a client's request: one more endpoint, since the question has no body to lose.
    if (!m_retried && service.endpoints.size() > 1) {
        m_retried = true;
        connectToEndpoint();
        return;
    }
    fail(why);
}

void AuthRequest::cancel() {
    m_finished = true;
    m_deadlineMs = 0;
    release();
}

void AuthRequest::checkDeadline(std::int64_t nowMs) {
    if (m_finished || m_deadlineMs == 0 || nowMs < m_deadlineMs)
        return;
    const CompiledService &service = m_tables->table().services()[std::size_t(m_auth.service)];
    if (m_phase == Phase::Connecting)
        connectFailed(QStringLiteral("connect to %1 timed out after %2")
                          .arg(endpointAddress(), formatDuration(service.connectTimeout)));
    else
        fail(QStringLiteral("%1 did not answer within %2")
                 .arg(endpointAddress(), formatDuration(service.responseTimeout)));
}

QString AuthRequest::endpointAddress() const {
    if (m_endpoint < 0)
        return {};
    const CompiledService &service = m_tables->table().services()[std::size_t(m_auth.service)];
    return QString::fromStdString(service.endpoints[std::size_t(m_endpoint)].address);
}

void AuthRequest::upstreamConnected() {
    if (m_finished || m_phase != Phase::Connecting)
        return;
    const CompiledService &service = m_tables->table().services()[std::size_t(m_auth.service)];
    m_phase = Phase::AwaitingHead;
    // The whole answer within the response timeout: it is small, and the client waits for it.
    m_deadlineMs = Worker::nowMs() + service.responseTimeout.count();
    m_upstream->write(m_head);
}

qsizetype AuthRequest::headLimit() const {
    const http::RequestLimits &limits = m_worker.settings().limits;
    return qsizetype(limits.maxRequestLine + limits.headers.maxBytes + 64);
}

void AuthRequest::upstreamReadyRead() {
    char buffer[readSize];
    while (!m_finished && m_upstream) {
        if (m_phase == Phase::AwaitingHead) {
            const qsizetype old = m_in.size();
            m_in.resize(old + readSize);
            const qint64 got = m_upstream->read(m_in.data() + old, readSize);
            m_in.resize(old + qsizetype(std::max<qint64>(got, 0)));
            if (got <= 0)
                return; // nothing more now, or closed (upstreamGone follows)
            parseHead();
        } else if (m_phase == Phase::ReadingBody) {
            const qint64 got = m_upstream->read(buffer, readSize);
            if (got <= 0)
                return;
            readBody(buffer, std::size_t(got));
        } else {
            return;
        }
    }
}

void AuthRequest::parseHead() {
    for (;;) {
        const std::string_view view(m_in.constData(), std::size_t(m_in.size()));
        const http::ParseOutcome outcome =
            http::parseResponseHead(view, false, m_worker.settings().limits.headers, &m_response);
        if (outcome.status == http::ParseStatus::Incomplete) {
            if (m_in.size() > headLimit())
                fail(QStringLiteral("%1 sent an answer head over the header limit")
                         .arg(endpointAddress()));
            return;
        }
        if (outcome.status == http::ParseStatus::Error) {
            fail(QStringLiteral("malformed answer from %1: %2")
                     .arg(endpointAddress(), QString::fromLatin1(outcome.reason)));
            return;
        }
        if (m_response.status == 101) {
            fail(QStringLiteral("%1 switched protocols unasked (101)").arg(endpointAddress()));
            return;
        }
        if (m_response.status < 200) { // 100 Continue and other interim answers
            m_in.remove(0, qsizetype(m_response.headSize));
            continue;
        }
        break;
    }
    m_answer.status = m_response.status;
    m_answer.reason.assign(m_response.reason);
    m_answer.headers.clear();
    m_answer.headers.reserve(m_response.headers.size());
    for (const http::Header &h : m_response.headers)
        m_answer.headers.emplace_back(std::string(h.name), std::string(h.value));
    if (m_response.body == http::BodyFramer::Mode::Length &&
        m_response.contentLength > std::uint64_t(maxBody)) {
        fail(QStringLiteral("%1 answered with a body over 64 KiB").arg(endpointAddress()));
        return;
    }
    m_phase = Phase::ReadingBody;
    m_body.reset(m_response.body, m_response.contentLength);
    const QByteArray in = std::exchange(m_in, QByteArray());
    const std::size_t headSize = m_response.headSize;
    m_response.headers.clear(); // its views pointed into the buffer just let go
    if (m_body.done()) {
        succeed();
        return;
    }
    QByteArray rest = in.mid(qsizetype(headSize));
    if (!rest.isEmpty())
        readBody(rest.data(), std::size_t(rest.size()));
}

void AuthRequest::readBody(char *data, std::size_t size) {
    std::size_t payload = 0;
    m_body.decode(data, size, &payload); // bytes past the body: the connection closes anyway
    if (m_body.failed()) {
        fail(QStringLiteral("malformed answer body from %1: %2")
                 .arg(endpointAddress(), QString::fromLatin1(m_body.error())));
        return;
    }
    m_answer.body.append(data, qsizetype(payload));
    if (m_answer.body.size() > maxBody) {
        fail(QStringLiteral("%1 answered with a body over 64 KiB").arg(endpointAddress()));
        return;
    }
    if (m_body.done())
        succeed();
}

void AuthRequest::upstreamGone() {
    if (m_finished)
        return;
    switch (m_phase) {
    case Phase::Connecting: {
        const int error = m_upstream ? m_upstream->error() : 0;
        connectFailed(
            error == ECONNREFUSED
                ? QStringLiteral("connect refused %1").arg(endpointAddress())
                : QStringLiteral("connect to %1 failed: %2")
                      .arg(endpointAddress(), error ? QString::fromLocal8Bit(std::strerror(error))
                                                    : QStringLiteral("no address for the name")));
        return;
    }
    case Phase::AwaitingHead:
        fail(QStringLiteral("%1 closed the connection before answering").arg(endpointAddress()));
        return;
    case Phase::ReadingBody:
        if (m_body.mode() == http::BodyFramer::Mode::UntilClose)
            succeed(); // its body ends with the connection
        else
            fail(QStringLiteral("%1 closed the connection mid-answer").arg(endpointAddress()));
        return;
    }
}

void AuthRequest::fail(const QString &why) {
    if (m_finished)
        return;
    qCInfo(lcProxy, "external auth by service %s failed: %s", m_auth.serviceName.c_str(),
           qPrintable(why));
    m_answer = AuthAnswer{};
    m_answer.error = why;
    finish();
}

void AuthRequest::succeed() {
    if (m_finished)
        return;
    if (m_endpoint >= 0)
        m_worker.passiveHealth().reportSuccess(
            *m_tables->serviceState(m_auth.service)->endpoints[std::size_t(m_endpoint)]);
    m_answer.answered = true;
    finish();
}

void AuthRequest::release() {
    if (m_upstream)
        UpstreamPool::discard(std::exchange(m_upstream, nullptr));
    if (m_endpointActive)
        m_tables->serviceState(m_auth.service)
            ->endpoints[std::size_t(m_endpoint)]
            ->activeRequests.fetch_sub(1, std::memory_order_relaxed);
    m_endpointActive = false;
}

void AuthRequest::finish() {
    m_finished = true;
    m_deadlineMs = 0;
    release();
    // Last: the owner may deleteLater() us from inside.
    m_done(m_answer);
}

} // namespace ingress::proxy
