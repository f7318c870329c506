#include "proxy/mirrorrequest.h"

#include "proxy/mirrorset.h"
#include "proxy/proxylog.h"
#include "proxy/worker.h"

namespace ingress::proxy {

namespace {

constexpr qsizetype maxAnswerHead = 64 * 1024;
constexpr qsizetype readSize = 16 * 1024;

} // namespace

MirrorRequest::MirrorRequest(MirrorSet &set, Worker &worker, WorkerTablesPtr tables,
                             const CompiledService &service, const MirrorRecord &tag,
                             bool headRequest)
    : m_set(set), m_worker(worker), m_tables(std::move(tables)), m_service(service), m_tag(tag),
      m_headRequest(headRequest) {
}

MirrorRequest::~MirrorRequest() {
    if (m_upstream)
        UpstreamPool::discard(std::exchange(m_upstream, nullptr));
}

void MirrorRequest::start(const QByteArray &head, std::uint64_t clientHash) {
    PickRequest pick;
    pick.clientHash = clientHash;
    pick.nowMs = Worker::nowMs();
    const int index = m_tables->balancer(m_service.index)->pick(pick);
    if (index < 0 || index >= int(m_service.endpoints.size())) {
        finish(MirrorOutcome::Failed); // no healthy endpoint
        return;
    }
    m_endpoint = index;
    m_tables->serviceState(m_service.index)
        ->endpoints[std::size_t(index)]
        ->activeRequests.fetch_add(1, std::memory_order_relaxed);
    const CompiledEndpoint &endpoint = m_service.endpoints[std::size_t(index)];
    // A connection of its own, never pooled: the copy asks for a close (Connection: close), so
    // no stale pooled connection can fail it and none is shared with client traffic.
    m_upstream = m_worker.pool().create(endpoint.address);
    m_upstream->setUser(this);
    m_phase = Phase::Connecting;
    m_deadlineMs = Worker::nowMs() + m_service.connectTimeout.count();
    // Held here until connected, then written as the client's exchange writes its own.
    m_unsent = head;
    m_upstream->connectTo(endpoint.host, endpoint.port);
}

void MirrorRequest::feedBody(const char *data, std::size_t size) {
    if (m_finished || size == 0)
        return;
    m_bodyBytes += size;
    if (m_bodyBytes > m_worker.settings().maxMirrorBody) {
        // A chunked body that grew past the limit: what is queued is bounded by it.
        finish(m_answered ? MirrorOutcome::Answered : MirrorOutcome::Dropped);
        return;
    }
    if (m_phase == Phase::Connecting)
        m_unsent.append(data, qsizetype(size));
    else if (m_upstream)
        m_upstream->write(data, qint64(size));
}

void MirrorRequest::abandon() {
    if (!m_finished)
        finish(m_answered ? MirrorOutcome::Answered : MirrorOutcome::Dropped);
}

void MirrorRequest::checkDeadline(std::int64_t nowMs) {
    if (!m_finished && m_deadlineMs != 0 && nowMs >= m_deadlineMs)
        finish(m_answered ? MirrorOutcome::Answered : MirrorOutcome::Failed);
}

void MirrorRequest::upstreamConnected() {
    if (m_phase != Phase::Connecting)
        return;
    m_phase = Phase::AwaitingHead;
    m_deadlineMs = Worker::nowMs() + m_service.responseTimeout.count();
    m_upstream->write(m_unsent);
    m_unsent = QByteArray();
}

void MirrorRequest::upstreamReadyRead() {
    if (m_finished)
        return;
    if (m_phase == Phase::Draining) {
        drain();
        return;
    }
    while (!m_finished && m_upstream && m_phase != Phase::Draining) {
        const qsizetype old = m_in.size();
        if (old > maxAnswerHead) {
            finish(MirrorOutcome::Failed);
            return;
        }
        m_in.resize(old + readSize);
        const qint64 got = m_upstream->read(m_in.data() + old, readSize);
        m_in.resize(old + qsizetype(std::max<qint64>(got, 0)));
        if (got <= 0)
            return; // nothing more now, or closed (upstreamGone follows)
        if (parseHead()) {
            drain();
            return;
        }
    }
}

bool MirrorRequest::parseHead() {
    for (;;) {
        const std::string_view view(m_in.constData(), std::size_t(m_in.size()));
        const http::ParseOutcome outcome = http::parseResponseHead(
            view, m_headRequest, m_worker.settings().limits.headers, &m_response);
        if (outcome.status == http::ParseStatus::Incomplete)
            return false;
        if (outcome.status == http::ParseStatus::Error) {
            finish(MirrorOutcome::Failed);
            return false;
        }
        if (m_response.status < 200) { // 100 Continue and other interim answers
            m_in.remove(0, qsizetype(m_response.headSize));
            continue;
        }
        m_answered = true;
        m_phase = Phase::Draining;
        m_responseBody.reset(m_response.body, m_response.contentLength);
        m_responseBody.feed(m_in.constData() + m_response.headSize,
                            std::size_t(m_in.size()) - m_response.headSize);
        m_in = QByteArray();
        m_deadlineMs = Worker::nowMs() + m_service.responseTimeout.count();
        return true;
    }
}

void MirrorRequest::drain() {
    // The answer's body is read and thrown away, so that the mirror service sees a normal
    // exchange rather than a reset.
    char buffer[readSize];
    while (!m_finished && m_upstream && !m_responseBody.done() && !m_responseBody.failed()) {
        const qint64 got = m_upstream->read(buffer, readSize);
        if (got <= 0)
            return;
        m_responseBody.feed(buffer, std::size_t(got));
        m_deadlineMs = Worker::nowMs() + m_service.responseTimeout.count();
    }
    if (!m_finished)
        finish(MirrorOutcome::Answered);
}

void MirrorRequest::upstreamGone() {
    if (!m_finished)
        finish(m_answered ? MirrorOutcome::Answered : MirrorOutcome::Failed);
}

void MirrorRequest::finish(MirrorOutcome outcome) {
    if (m_finished)
        return;
    m_finished = true;
    m_deadlineMs = 0;
    if (outcome == MirrorOutcome::Failed)
        qCInfo(lcProxy, "mirror copy to service %s failed while %s", m_service.name.c_str(),
               m_phase == Phase::Connecting     ? "connecting"
               : m_phase == Phase::AwaitingHead ? "waiting for the answer"
                                                : "reading the answer");
    if (m_upstream)
        UpstreamPool::discard(std::exchange(m_upstream, nullptr));
    if (m_endpoint >= 0)
        m_tables->serviceState(m_service.index)
            ->endpoints[std::size_t(m_endpoint)]
            ->activeRequests.fetch_sub(1, std::memory_order_relaxed);
    m_endpoint = -1;
    MirrorRecord record = m_tag;
    record.outcome = outcome;
    m_set.finished(this, record);
}

} // namespace ingress::proxy
