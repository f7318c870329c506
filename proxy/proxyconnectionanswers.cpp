// The answers the proxy gives itself: its error pages, redirects, `respond` and preflights,
// and the 4xx that ends a malformed request.
#include "proxy/errorpage.h"
#include "proxy/proxyconnection.h"
#include "proxy/proxylog.h"
#include "proxy/worker.h"

#include <QDateTime>

namespace ingress::proxy {

void ProxyConnection::skipRequestBody() {
    if (!m_requestBody.done())
        m_keepAlive = false; // the unread body would be taken for the next request
    else
        m_inStart += m_pendingBody;
    m_pendingBody = 0;
}

void ProxyConnection::answerLocally(int status, bool close, std::string_view extraHeaders) {
    skipRequestBody();
    if (close)
        m_keepAlive = false;
    m_status = status;
    writeErrorResponse(&m_outHead, status, std::string_view(m_requestId, 16), !m_keepAlive,
                       extraHeaders, m_requestIsHead, &m_fields);
    writeToClient(m_outHead.constData(), m_outHead.size());
    finishExchange();
}

void ProxyConnection::answerRedirect(int status, const std::string &location) {
    skipRequestBody();
    m_status = status;
    writeRedirect(&m_outHead, status, location, !m_keepAlive, &m_fields);
    writeToClient(m_outHead.constData(), m_outHead.size());
    finishExchange();
}

void ProxyConnection::answerDirect(const DirectResponse &respond) {
    if (respond.body.isEmpty() && respond.status >= 400) {
        answerLocally(respond.status, false); // the proxy's own page, with the request id
        return;
    }
    answerDirect(respond.status, respond.body.toUtf8());
}

void ProxyConnection::answerDirect(int status, const QByteArray &body) {
    skipRequestBody();
    m_status = status;
    writeDirectResponse(&m_outHead, status, body, std::string_view(m_requestId, 16), !m_keepAlive,
                        m_requestIsHead, &m_fields);
    writeToClient(m_outHead.constData(), m_outHead.size());
    finishExchange();
}

void ProxyConnection::rejectRequest(int status, const char *reason) {
    learnClientAddress();
    if (m_startUs == 0 || m_state == State::ReadingHead) {
        // Rejected before a request was taken apart: give it an id of its own for the log.
        m_worker->nextRequestId(m_requestId);
        m_startUs = nowUs();
        m_hostIndex = m_routeIndex = m_endpoint = m_backend = -1;
        m_service = nullptr;
        m_route = nullptr;
        m_fields.clear();
        m_retries = 0;
        m_bytesOut = 0;
        m_bytesIn = std::uint64_t(m_in.size() - m_inStart);
        m_collect = m_worker->settings().collectAccessLog;
        if (m_collect) {
            m_log = AccessLogEntry{};
            m_log.time = QDateTime::currentDateTimeUtc();
            m_log.clientAddress = QString::fromStdString(m_clientIp);
            m_log.requestId = QByteArray(m_requestId);
            m_log.target = QByteArray("(malformed: ") + reason + ")";
        }
    }
    qCDebug(lcProxy, "request %s rejected with %d: %s", m_requestId, status, reason);
    releaseMirrors();
    m_keepAlive = false;
    m_requestBody.reset(http::BodyFramer::Mode::None);
    m_pendingBody = 0;
    m_in.resize(0);
    m_inStart = 0;
    if (m_upstream)
        releaseUpstream(false);
    m_status = status;
    writeErrorResponse(&m_outHead, status, std::string_view(m_requestId, 16), true, {}, false,
                       &m_fields);
    writeToClient(m_outHead.constData(), m_outHead.size());
    finishExchange();
}

} // namespace ingress::proxy
