#pragma once

#include "model/routing/routingtable.h"
#include "proxy/accesslogentry.h"
#include "proxy/clientstream.h"
#include "proxy/http/bodyframing.h"
#include "proxy/http/requestparser.h"
#include "proxy/http/responseparser.h"
#include "proxy/iohandler.h"
#include "proxy/iowatch.h"
#include "proxy/mirrorrequest.h"
#include "proxy/policy/authrequest.h"
#include "proxy/policy/policycheck.h"
#include "proxy/policy/responsefields.h"
#include "proxy/upstreamsocket.h"
#include "proxy/workertables.h"

#include <chrono>
#include <cstdint>
#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <string>
#include <vector>

namespace ingress::proxy {

class Worker;

inline std::int64_t nowUs() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// One client connection on a worker thread: parses request heads in place in its read buffer,
// routes them, forwards each to an upstream connection from the worker's pool and streams the
// response back, one exchange at a time (pipelined requests wait in the buffer and are answered
// in order). Client-side logic is in proxyconnection.cpp, upstream-side in
// proxyconnectionupstream.cpp, ending and deadlines in proxyconnectionclose.cpp, parking in
// proxyconnectionpark.cpp, external auth in proxyconnectionauth.cpp.
class ProxyConnection final : public QObject,
                              private UpstreamUser,
                              private ClientStreamUser,
                              private IoHandler {
public:
    ProxyConnection(Worker *worker, int listener, RoutingTablePtr tableAtAccept);
    ~ProxyConnection() override;

    void start(ClientStream *client); // the wrapper's ready()
    void abort();                     // close both sides now
    void drain();                     // finish the current exchange, then close
    void checkDeadline(std::int64_t nowMs);
    int listener() const { return m_listener; }

    std::size_t m_workerSlot = 0; // Worker's bookkeeping

private:
    enum class State {
        Starting,    // waiting for the wrapper (TLS handshake)
        ReadingHead, // between requests or inside a head
        Forwarding,  // an exchange with an upstream is in progress
        Tunnel,      // after 101 Switching Protocols
        Closing,     // flushing the last response, then close
        Closed,
    };
    enum class Upstream { None, Connecting, Sending, AwaitingHead, StreamingBody };
    static constexpr std::int64_t lingerMs = 2000; // lingering close: unread input drained

    // Client side (proxyconnection.cpp).
    void clientReadable() override;
    void clientWritten() override;
    void attachClient(ClientStream *client);
    void learnClientAddress(); // m_clientIp, m_peer
    // Policies (proxyconnectionpolicy.cpp): who the request is from (the peer, or the client a
    // trusted proxy names), and whether the route's policy lets it through; false when the
    // request was answered with the refusal.
    void learnRequestClient();
    bool passesPolicy(const CompiledRoute &route);
    // Readies the fields the route's policy puts on every response (m_fields) and answers a
    // CORS preflight it allows: true when answered.
    bool answeredPreflight(const CompiledRoute &route);
    // Parking (proxyconnectionpark.cpp): resumed when the parked descriptor turns readable.
    void maybePark();
    void resume();
    void closeParked();
    void ioReadable() override { resume(); }
    void ioWritable() override {}
    void processInput();
    bool readClientIntoBuffer();
    void handleRequest();
    void answerLocally(int status, bool close, std::string_view extraHeaders = {});
    // Before the proxy answers a request itself: a body read to its end is skipped, one still
    // arriving means the connection closes after the answer.
    void skipRequestBody();
    void answerRedirect(int status, const std::string &location);
    void answerDirect(const DirectResponse &respond);
    void answerDirect(int status, const QByteArray &body);
    void rejectRequest(int status, const char *reason);
    void finishExchange();
    void compactInput();
    void setDeadline(std::int64_t fromNowMs);
    void logAndRecord();
    void captureRequestHeaders();
    // Why the upstream exchange failed, for the log's entry (only when the log is collected).
    void noteUpstreamError(const QString &error);
    QString endpointAddress() const;
    std::int64_t responseTimeoutMs() const; // the route's timeout, else the service's
    // Mirrors (docs/proxy.md): copies of this request for the route's mirrors that take its
    // ticket. The copies get the body bytes as they are forwarded; once the body is whole they
    // are on their own (releaseMirrors), and a request that ends without it abandons them.
    void startMirrors(const CompiledRoute &route, std::uint64_t ticket);
    void feedMirrors(const char *data, std::size_t size);
    void releaseMirrors();
    // After routing and the policy's checks: mirrors, then the upstream.
    void forwardRequest();

    // External auth (proxyconnectionauth.cpp, docs/proxy.md "Policies"): the route's policy
    // asks its authentication service before the request goes on. Meanwhile the exchange is
    // Forwarding without an upstream: the body stays unread (in m_in and the socket), pipelined
    // requests are not parsed. True when the question was asked (its answer, maybe already
    // given, decides); false when the policy has no external auth.
    bool awaitingExternalAuth(const CompiledRoute &route);
    void authAnswered(const AuthAnswer &answer);
    // A 2xx: the policy's responseHeaders, the client's removed, the answer's set on m_upHead.
    void applyAuthHeaders(const AuthAnswer &answer);
    // Any other answer goes back to the client as a local answer of ours.
    void relayAuthAnswer(const AuthAnswer &answer);
    void cancelExternalAuth();

    // Ending (proxyconnectionclose.cpp).
    void clientEnded() override;
    void clientGone() override;
    void closeAfterWrite();
    void finish();

    // Upstream side (proxyconnectionupstream.cpp).
    void connectUpstream();
    // A sticky service's Set-Cookie for the endpoint about to answer, unless the request's
    // cookie already names it.
    void offerStickyCookie();
    void upstreamConnected() override;
    void upstreamReadyRead() override;
    void upstreamBytesWritten() override;
    void upstreamGone() override;
    void sendRequestHead();
    void pumpRequestBody();
    void pumpResponseBody();
    void pumpTunnel();
    bool parseResponseHead();
    void connectFailed(int finalStatus);
    void upstreamFailed(int status, bool connectFailure);
    // Frames (or, for an HTTP/1.0 client, de-chunks in place) upstream body bytes and writes
    // the body's part to the client, after `head` in the same write when given; returns how
    // many bytes belonged to the body.
    std::size_t relayResponseBody(char *data, std::size_t size, const QByteArray *head = nullptr);
    void completeResponse();
    void writeToClient(const char *data, qsizetype size);
    // A response head and its first body bytes in one write (one syscall, one TLS record).
    void writeToClient(const char *head, qsizetype headSize, const char *body, qsizetype bodySize);
    // Bytes written to the client that have not reached the kernel yet.
    qint64 clientPendingOutput() const { return m_client->pendingOutput(); }
    void releaseUpstream(bool reusable);
    bool retryAllowed() const;

    Worker *m_worker;
    int m_listener;
    ClientStream *m_client = nullptr;
    // An idle plain-HTTP keep-alive connection has no stream (m_client is null): only its
    // descriptor, watched in the worker's reactor, until the next byte or the timeout.
    int m_parkedFd = -1;
    IoWatch m_parkWatch;
    State m_state = State::Starting;
    std::string m_clientIp; // the peer's address: what X-Forwarded-For gets appended
    PolicyClient m_peer;
    RoutingTablePtr m_tableAtAccept; // keeps the listener's table alive until start()

    // Input: request heads are parsed in place in m_in starting at m_inStart.
    QByteArray m_in;
    qsizetype m_inStart = 0;
    bool m_inProcessInput = false;
    bool m_lingering = false; // our side is shut down; waiting for the client to close
    http::RequestHead m_request;
    std::int64_t m_deadlineMs = 0;
    int m_deadlineStatus = 0;       // what to answer when m_deadlineMs passes (0: just close)
    std::int64_t m_idleSinceMs = 0; // since when ReadingHead waits for a request: parking
    std::uint32_t m_exchanges = 0;
    bool m_parkEarly = true; // park as soon as the response is out (see handleRequest)

    // The exchange in progress.
    WorkerTablesPtr m_tables;
    const CompiledService *m_service = nullptr;
    const CompiledRoute *m_route = nullptr; // in m_tables' table, which the exchange holds
    int m_hostIndex = -1;
    int m_routeIndex = -1;
    int m_endpoint = -1;
    int m_backend = -1; // a split route's backend position, for its metrics
    // The endpoint a sticky service's cookie named in this request; -1: none (or not sticky).
    int m_stickyRequested = -1;
    int m_retries = 0;
    bool m_keepAlive = true;
    bool m_websocket = false;
    bool m_requestIdempotent = false;
    bool m_requestIsHead = false;
    bool m_upstreamReused = false;
    bool m_connectError = false;
    bool m_responseStarted = false;
    bool m_endpointActive = false; // activeRequests was incremented for m_endpoint
    bool m_upstreamJunk = false;   // the upstream sent bytes past its response
    bool m_dechunk = false;        // decoding a chunked response for an HTTP/1.0 client
    std::int64_t m_maxBody = -1;
    std::uint64_t m_bodyBytes = 0;
    char m_requestId[17] = {};
    std::int64_t m_startUs = 0;
    std::uint64_t m_bytesIn = 0;
    std::uint64_t m_bytesOut = 0;
    int m_status = 0;
    AccessLogEntry m_log;   // filled only when the access log is collected
    bool m_collect = false; // ProxySettings::collectAccessLog, for this exchange
    http::BodyFramer m_requestBody;
    qsizetype m_pendingBody = 0; // validated body bytes waiting in m_in at m_inStart
    std::vector<QPointer<MirrorRequest>> m_mirrors; // copies still waiting for body bytes
    std::uint64_t m_splitTicket = 0;                // the mirrors' ticket (forwardRequest)
    AuthRequest *m_auth = nullptr;                  // a child: the question in flight
    const CompiledPolicy *m_authPolicy = nullptr;   // in m_tables' table, like m_route
    std::string m_authUrl;        // the request's URL, for a sign-in redirect's `rd`
    PolicyClient m_requestClient; // m_peer, or whom a trusted proxy forwarded for

    UpstreamSocket *m_upstream = nullptr;
    Upstream m_upstreamState = Upstream::None;
    QByteArray m_upHead;  // request head for the upstream
    QByteArray m_upIn;    // upstream bytes until the response head is parsed
    QByteArray m_outHead; // response head for the client
    http::ResponseHead m_response;
    http::BodyFramer m_responseBody;
    // The route policy's response fields (CORS, security headers) for this request; points into
    // m_tables' table, like m_route.
    ResponseFields m_fields;
    // Last: it holds a place in a limiter of m_tables' generation until the exchange ends.
    PolicyCheck m_policy;
};

} // namespace ingress::proxy
