// ProxyConnection: external auth (CompiledPolicy::externalAuth, docs/proxy.md "Policies"). The
// question is an AuthRequest; its answer lets the request go on (forwardRequest) with the
// answer's fields on it, or becomes the client's answer.
#include "proxy/errorpage.h"
#include "proxy/headerrewrite.h"
#include "proxy/http/httpchars.h"
#include "proxy/proxyconnection.h"
#include "proxy/worker.h"

#include <algorithm>

namespace ingress::proxy {

namespace {

void append(QByteArray *out, std::string_view s) {
    out->append(s.data(), qsizetype(s.size()));
}

} // namespace

bool ProxyConnection::awaitingExternalAuth(const CompiledRoute &route) {
    if (route.policy < 0)
        return false;
    const CompiledPolicy &policy = m_tables->table().policies()[std::size_t(route.policy)];
    if (!policy.externalAuth)
        return false;
    m_authPolicy = &policy;
    const ConnectionWrapper *wrapper = m_tables->wrapper(m_listener);
    const std::string_view scheme = wrapper ? wrapper->scheme() : "http";
    if (!policy.externalAuth->signIn.empty())
        m_authUrl = AuthRequest::originalUrl(m_request, scheme);
    // The question keeps its own deadlines (the auth service's timeouts), which checkDeadline
    // hands over to; the exchange's start when the request goes on.
    m_deadlineMs = 0;
    m_deadlineStatus = 0;
    m_auth = new AuthRequest(
        *m_worker, m_tables, *policy.externalAuth,
        [this](const AuthAnswer &answer) { authAnswered(answer); }, this);
    // Last: a service that is unknown or has no healthy endpoint is answered from inside.
    m_auth->start(m_request, {scheme, m_clientIp, std::string_view(m_requestId, 16)},
                  m_requestClient.hash);
    return true;
}

void ProxyConnection::cancelExternalAuth() {
    AuthRequest *auth = std::exchange(m_auth, nullptr);
    auth->cancel();
    auth->deleteLater();
}

void ProxyConnection::authAnswered(const AuthAnswer &answer) {
    // From inside the AuthRequest's last call: it goes once that call has returned, and
    // `answer` with it.
    std::exchange(m_auth, nullptr)->deleteLater();
    if (m_state != State::Forwarding || !m_authPolicy)
        return;
    if (answer.allows()) {
        applyAuthHeaders(answer);
        forwardRequest();
        return;
    }
    m_policy.refuse(PolicyDenial::ExternalAuth);
    if (m_collect) {
        m_log.deniedBy = QString::fromLatin1(denialName(PolicyDenial::ExternalAuth));
        m_log.policyOrigin = QString::fromStdString(m_authPolicy->origin);
    }
    if (!answer.answered) {
        // Refused, never let through: an authentication service that cannot say is a no.
        noteUpstreamError(QStringLiteral("external auth: ") + answer.error);
        answerLocally(500, false);
        return;
    }
    const std::string &signIn = m_authPolicy->externalAuth->signIn;
    if (answer.status == 401 && !signIn.empty()) {
        // ingress-nginx's auth-signin: the browser goes to the login page, which sends it
        // back to `rd` afterwards.
        const QByteArray rd = QByteArray::fromStdString(m_authUrl).toPercentEncoding();
        std::string location = signIn;
        location += signIn.find('?') == std::string::npos ? '?' : '&';
        location += "rd=";
        location.append(rd.constData(), std::size_t(rd.size()));
        answerRedirect(302, location);
        return;
    }
    relayAuthAnswer(answer);
}

void ProxyConnection::applyAuthHeaders(const AuthAnswer &answer) {
    const std::vector<std::string> &names = m_authPolicy->externalAuth->responseHeaders;
    if (names.empty())
        return;
    // Never what frames the message or names the host: validation refuses those names, and
    // the engine checks again since the head goes on the wire as written.
    const auto listed = [&names](std::string_view name) {
        return http::filterMayEdit(name) &&
               std::any_of(names.begin(), names.end(), [name](const std::string &listedName) {
                   return http::equalsIgnoreCase(listedName, name);
               });
    };
    // m_upHead is the proxy's own writing: CRLF lines, "Name: value", an empty line last.
    const std::string_view head(m_upHead.constData(), std::size_t(m_upHead.size()));
    QByteArray rewritten;
    rewritten.reserve(m_upHead.size() + 256);
    std::size_t pos = head.find("\r\n") + 2;
    append(&rewritten, head.substr(0, pos)); // the request line
    while (pos < head.size()) {
        const std::size_t end = head.find("\r\n", pos);
        if (end == std::string_view::npos || end == pos)
            break;
        const std::string_view line = head.substr(pos, end + 2 - pos);
        if (!listed(line.substr(0, line.find(':'))))
            append(&rewritten, line);
        pos = end + 2;
    }
    // The client's values are gone even when the answer has none: a client cannot name itself.
    for (const auto &[name, value] : answer.headers) {
        if (!listed(name))
            continue;
        append(&rewritten, name);
        rewritten.append(": ");
        append(&rewritten, value);
        rewritten.append("\r\n");
    }
    rewritten.append("\r\n");
    m_upHead = std::move(rewritten);
}

void ProxyConnection::relayAuthAnswer(const AuthAnswer &answer) {
    // A local answer like the proxy's own pages: the request's body is skipped (or the
    // connection closes after), the policy's fields are set, the framing is ours.
    skipRequestBody();
    m_status = answer.status;
    const bool bodyless = answer.status == 204 || answer.status == 304;
    m_outHead.clear();
    m_outHead.append("HTTP/1.1 " + QByteArray::number(answer.status) + ' ');
    if (answer.reason.empty())
        m_outHead.append(reasonPhrase(answer.status));
    else
        append(&m_outHead, answer.reason);
    m_outHead.append("\r\n");
    bool haveRequestId = false;
    for (const auto &[name, value] : answer.headers) {
        if (http::isHopByHop(name) || http::equalsIgnoreCase(name, "content-length") ||
            m_fields.replaces(name))
            continue;
        haveRequestId |= http::equalsIgnoreCase(name, "x-request-id");
        append(&m_outHead, name);
        m_outHead.append(": ");
        append(&m_outHead, value);
        m_outHead.append("\r\n");
    }
    if (!bodyless)
        m_outHead.append("Content-Length: " + QByteArray::number(answer.body.size()) + "\r\n");
    if (!haveRequestId) {
        m_outHead.append("X-Request-Id: ");
        m_outHead.append(m_requestId, 16);
        m_outHead.append("\r\n");
    }
    m_fields.append(&m_outHead);
    if (!m_keepAlive)
        m_outHead.append("Connection: close\r\n");
    m_outHead.append("\r\n");
    const qsizetype bodySize = m_requestIsHead || bodyless ? 0 : answer.body.size();
    writeToClient(m_outHead.constData(), m_outHead.size(), answer.body.constData(), bodySize);
    finishExchange();
}

} // namespace ingress::proxy
