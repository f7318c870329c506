#include "proxy/http/requestparser.h"

#include "proxy/http/httpchars.h"

namespace ingress::proxy::http {

namespace {

bool validHost(std::string_view host) {
    if (host.empty())
        return false;
    for (char c : host) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                        (c >= 'A' && c <= 'Z') || c == '-' || c == '.' || c == '_' || c == '~' ||
                        c == ':' || c == '[' || c == ']';
        if (!ok)
            return false;
    }
    return true;
}

ParseOutcome parseTarget(RequestHead *head) {
    std::string_view t = head->target;
    for (char c : t) {
        if (!isTargetChar(c))
            return ParseOutcome::error(400, "invalid character in the request target");
        if (c == '#')
            return ParseOutcome::error(400, "fragment in the request target");
    }
    head->host = {};
    if (head->method == "CONNECT")
        return ParseOutcome::error(501, "CONNECT is not supported");
    if (t.front() != '/') {
        if (t == "*") {
            if (head->method != "OPTIONS")
                return ParseOutcome::error(400, "asterisk-form only for OPTIONS");
            head->path = t;
            return ParseOutcome::complete();
        }
        std::size_t scheme = 0;
        if (t.size() > 7 && equalsIgnoreCase(t.substr(0, 7), "http://"))
            scheme = 7;
        else if (t.size() > 8 && equalsIgnoreCase(t.substr(0, 8), "https://"))
            scheme = 8;
        else
            return ParseOutcome::error(400, "invalid request target");
        t.remove_prefix(scheme);
        const std::size_t slash = t.find_first_of("/?");
        head->host = t.substr(0, slash);
        if (!validHost(head->host))
            return ParseOutcome::error(400, "invalid authority in the request target");
        t = slash == std::string_view::npos ? std::string_view("/") : t.substr(slash);
    }
    const std::size_t q = t.find('?');
    head->path = t.substr(0, q);
    head->query = q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
    if (head->path.empty())
        head->path = "/";
    return ParseOutcome::complete();
}

} // namespace

bool RequestHead::isIdempotent() const {
    return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" ||
           method == "DELETE" || method == "TRACE";
}

const Header *RequestHead::find(std::string_view name) const {
    for (const Header &h : headers) {
        if (equalsIgnoreCase(h.name, name))
            return &h;
    }
    return nullptr;
}

ParseOutcome parseRequestHead(std::string_view buffer, const RequestLimits &limits,
                              RequestHead *head) {
    // Tolerate the CRLFs some clients send after a body (RFC 9112 section 2.2).
    std::size_t start = 0;
    while (start + 1 < buffer.size() && start < 8 && buffer[start] == '\r' &&
           buffer[start + 1] == '\n')
        start += 2;
    if (start < buffer.size() && !isTchar(buffer[start]) && buffer[start] != '\r')
        return ParseOutcome::error(400, "request line does not start with a method");
    const std::size_t cr = findLineEnd(buffer, start);
    if (cr == badLine)
        return ParseOutcome::error(400, "bare CR or LF in the request line");
    if (cr == std::string_view::npos) {
        if (buffer.size() - start > limits.maxRequestLine)
            return ParseOutcome::error(414, "request line too long");
        return ParseOutcome::incomplete();
    }
    if (cr - start > limits.maxRequestLine)
        return ParseOutcome::error(414, "request line too long");
    const std::string_view line = buffer.substr(start, cr - start);
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
        return ParseOutcome::error(400, "malformed request line");
    head->method = line.substr(0, sp1);
    head->target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = line.substr(sp2 + 1);
    if (head->method.empty() || head->target.empty())
        return ParseOutcome::error(400, "malformed request line");
    for (char c : head->method) {
        if (!isTchar(c))
            return ParseOutcome::error(400, "invalid method");
    }
    if (version == "HTTP/1.1")
        head->versionMinor = 1;
    else if (version == "HTTP/1.0")
        head->versionMinor = 0;
    else if (version.size() == 8 && version.starts_with("HTTP/") && version[5] >= '0' &&
             version[5] <= '9' && version[6] == '.' && version[7] >= '0' && version[7] <= '9')
        return ParseOutcome::error(505, "HTTP version not supported");
    else
        return ParseOutcome::error(400, "malformed HTTP version");
    if (const ParseOutcome t = parseTarget(head); t.status == ParseStatus::Error)
        return t;

    std::size_t end = 0;
    const ParseOutcome block =
        parseHeaderBlock(buffer, cr + 2, limits.headers, &head->headers, &end);
    if (block.status != ParseStatus::Complete)
        return block;
    head->headSize = end;

    // Message framing and the few fields the proxy itself acts on.
    int hosts = 0;
    int transferEncodings = 0;
    bool haveLength = false;
    bool connectionClose = false;
    bool connectionKeepAlive = false;
    bool connectionUpgrade = false;
    std::string_view hostHeader;
    std::string_view upgrade;
    head->body = BodyKind::None;
    head->contentLength = 0;
    head->expectContinue = false;
    for (const Header &h : head->headers) {
        const std::string_view n = h.name;
        if (equalsIgnoreCase(n, "host")) {
            ++hosts;
            hostHeader = h.value;
        } else if (equalsIgnoreCase(n, "content-length")) {
            std::uint64_t length = 0;
            if (!parseDecimal(h.value, &length))
                return ParseOutcome::error(400, "invalid Content-Length");
            if (haveLength && length != head->contentLength)
                return ParseOutcome::error(400, "differing Content-Length values");
            haveLength = true;
            head->contentLength = length;
        } else if (equalsIgnoreCase(n, "transfer-encoding")) {
            ++transferEncodings;
            if (!equalsIgnoreCase(h.value, "chunked"))
                return ParseOutcome::error(400, "Transfer-Encoding other than chunked");
        } else if (equalsIgnoreCase(n, "connection")) {
            connectionClose |= listContains(h.value, "close");
            connectionKeepAlive |= listContains(h.value, "keep-alive");
            connectionUpgrade |= listContains(h.value, "upgrade");
        } else if (equalsIgnoreCase(n, "expect")) {
            if (!equalsIgnoreCase(h.value, "100-continue"))
                return ParseOutcome::error(417, "unsupported expectation");
            head->expectContinue = true;
        } else if (equalsIgnoreCase(n, "upgrade")) {
            upgrade = h.value;
        }
    }
    if (hosts == 0)
        return ParseOutcome::error(400, "missing Host header");
    if (hosts > 1)
        return ParseOutcome::error(400, "repeated Host header");
    if (!validHost(hostHeader))
        return ParseOutcome::error(400, "invalid Host header");
    if (head->host.empty())
        head->host = hostHeader;
    if (transferEncodings > 1)
        return ParseOutcome::error(400, "repeated Transfer-Encoding");
    if (transferEncodings && haveLength)
        return ParseOutcome::error(400, "both Content-Length and Transfer-Encoding");
    if (transferEncodings && head->versionMinor == 0)
        return ParseOutcome::error(400, "Transfer-Encoding in an HTTP/1.0 request");
    if (transferEncodings)
        head->body = BodyKind::Chunked;
    else if (haveLength && head->contentLength > 0)
        head->body = BodyKind::Length;
    head->keepAlive = head->versionMinor == 1 ? !connectionClose : connectionKeepAlive;
    head->upgradeWebSocket = connectionUpgrade && listContains(upgrade, "websocket");
    return ParseOutcome::complete();
}

} // namespace ingress::proxy::http
