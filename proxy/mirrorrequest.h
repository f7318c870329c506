#pragma once

#include "proxy/http/bodyframing.h"
#include "proxy/http/responseparser.h"
#include "proxy/metrics/requestrecord.h"
#include "proxy/upstreamsocket.h"
#include "proxy/workertables.h"

#include <cstdint>
#include <QByteArray>
#include <QObject>

namespace ingress::proxy {

class MirrorSet;
class Worker;

// One copy of a client's request on its way to a route's mirror service (Gateway API's
// RequestMirror), and everything about it: the endpoint, its own upstream connection, what was
// sent and what came back. It lives on its own: the client's exchange feeds it the body bytes
// it forwards and then forgets it; it never writes to the client and nothing the client waits
// for waits on it. Its answer is read and discarded. Owned by the worker's MirrorSet, which
// counts how it ended (MirrorOutcome) and deletes it.
class MirrorRequest final : public QObject, private UpstreamUser {
public:
    // `head`: the request head as sent upstream (after the route's rewrites and header filter);
    // the copy asks the mirror to close after answering.
    MirrorRequest(MirrorSet &set, Worker &worker, WorkerTablesPtr tables,
                  const CompiledService &service, const MirrorRecord &tag, bool headRequest);
    ~MirrorRequest() override;

    // Picks an endpoint (the service's load balancing), connects and queues the head.
    void start(const QByteArray &head, std::uint64_t clientHash);
    // Body bytes of the client's request, as forwarded. Past the limit the copy is dropped.
    void feedBody(const char *data, std::size_t size);
    // The client's request ended before its body did (a local answer, a reset): the copy is
    // incomplete and dropped, unless the mirror answered already.
    void abandon();
    void checkDeadline(std::int64_t nowMs);
    bool finished() const { return m_finished; }

private:
    enum class Phase { Connecting, AwaitingHead, Draining };

    void upstreamConnected() override;
    void upstreamReadyRead() override;
    void upstreamBytesWritten() override {}
    void upstreamGone() override;
    bool parseHead(); // false: not (yet) a final head, or failed
    void drain();
    void finish(MirrorOutcome outcome);

    MirrorSet &m_set;
    Worker &m_worker;
    WorkerTablesPtr m_tables; // keeps m_service's table alive
    const CompiledService &m_service;
    MirrorRecord m_tag;
    bool m_headRequest = false;
    int m_endpoint = -1;
    UpstreamSocket *m_upstream = nullptr;
    Phase m_phase = Phase::Connecting;
    std::int64_t m_deadlineMs = 0;
    std::uint64_t m_bodyBytes = 0;
    bool m_answered = false;
    bool m_finished = false;
    QByteArray m_unsent; // head and body bytes until connected (at most the body limit)
    QByteArray m_in;     // the answer's head, until parsed
    http::ResponseHead m_response;
    http::BodyFramer m_responseBody;
};

} // namespace ingress::proxy
