#pragma once

#include "model/routing/compiledpolicy.h"
#include "proxy/http/bodyframing.h"
#include "proxy/http/requestparser.h"
#include "proxy/http/responseparser.h"
#include "proxy/policy/authanswer.h"
#include "proxy/upstreamsocket.h"
#include "proxy/workertables.h"

#include <cstdint>
#include <functional>
#include <QByteArray>
#include <QObject>
#include <QString>
#include <string>
#include <string_view>

namespace ingress::proxy {

class Worker;

// One question to a policy's external authentication service (CompiledPolicy::ExternalAuth,
// docs/topology-format.md "External auth"): a `GET` for the policy's path carrying the client's
// request headers (not its body) and where the request was going, on a connection of its own
// (never pooled: it asks for a close), to an endpoint the service's load balancing picks, within
// the service's connect and response timeouts. The answer's head and a body of at most
// `maxBody` bytes are read whole and handed to `done` once; anything else (no endpoint,
// refused, reset, timed out, malformed, too large) is reported as a failure. `done` is called
// last in whatever call finishes the request (start() itself when the service is unknown or has
// no healthy endpoint); the owner may then deleteLater() it, never delete it.
class AuthRequest final : public QObject, private UpstreamUser {
public:
    using Done = std::function<void(const AuthAnswer &)>;

    // Where the client's request was going and who sent it, for the X-Forwarded-* fields.
    struct Origin {
        std::string_view scheme;    // "http" or "https"
        std::string_view clientIp;  // appended to X-Forwarded-For, as for the backend
        std::string_view requestId; // X-Request-Id when the client sent none
    };

    static constexpr qsizetype maxBody = 64 * 1024;

    AuthRequest(Worker &worker, WorkerTablesPtr tables, const CompiledPolicy::ExternalAuth &auth,
                Done done, QObject *parent = nullptr);
    ~AuthRequest() override;

    // Writes the question from `request` (nothing of it is kept), picks an endpoint, connects.
    void start(const http::RequestHead &request, const Origin &origin, std::uint64_t clientHash);
    // Ends it without an answer and without calling `done` (the client went away).
    void cancel();
    void checkDeadline(std::int64_t nowMs);
    bool finished() const { return m_finished; }

    // The question's head: exposed for the tests of its fields.
    static void writeHead(QByteArray *out, const http::RequestHead &request, std::string_view path,
                          const Origin &origin, std::string_view fallbackHost);
    // scheme://host/path?query: X-Original-URL, and the `rd` of a sign-in redirect.
    static std::string originalUrl(const http::RequestHead &request, std::string_view scheme);

private:
    enum class Phase { Connecting, AwaitingHead, ReadingBody };

    void connectToEndpoint();
    // The endpoint refused, failed or timed out: once more on another, else a failure.
    void connectFailed(const QString &why);
    QString endpointAddress() const;
    qsizetype headLimit() const; // the proxy's own limits on a request head
    void upstreamConnected() override;
    void upstreamReadyRead() override;
    void upstreamBytesWritten() override {}
    void upstreamGone() override;
    void parseHead();
    void readBody(char *data, std::size_t size); // de-chunks in place
    void fail(const QString &why);
    void succeed();
    void release(); // the connection and the endpoint's active request
    void finish();

    Worker &m_worker;
    WorkerTablesPtr m_tables; // keeps the table m_auth points into alive
    const CompiledPolicy::ExternalAuth &m_auth;
    Done m_done;
    std::uint64_t m_clientHash = 0;
    int m_endpoint = -1;
    bool m_endpointActive = false;
    bool m_retried = false;
    UpstreamSocket *m_upstream = nullptr;
    Phase m_phase = Phase::Connecting;
    std::int64_t m_deadlineMs = 0;
    bool m_finished = false;
    QByteArray m_head; // the question, kept for a retry on another endpoint
    QByteArray m_in;   // the answer's head, until parsed
    http::ResponseHead m_response;
    http::BodyFramer m_body;
    AuthAnswer m_answer;
};

} // namespace ingress::proxy
