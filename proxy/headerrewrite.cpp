#include "headerrewrite.h"

#include "httpchars.h"

namespace ingress::proxy::http {

namespace {

void append(QByteArray *out, std::string_view s) {
    out->append(s.data(), qsizetype(s.size()));
}

void appendField(QByteArray *out, std::string_view name, std::string_view value) {
    append(out, name);
    out->append(": ", 2);
    append(out, value);
    out->append("\r\n", 2);
}

// Is `name` listed in any Connection field of `headers`?
bool nominatedByConnection(const std::vector<Header> &headers, std::string_view name) {
    for (const Header &h : headers) {
        if (equalsIgnoreCase(h.name, "connection") && listContains(h.value, name))
            return true;
    }
    return false;
}

bool hasConnectionOptions(const std::vector<Header> &headers) {
    for (const Header &h : headers) {
        if (equalsIgnoreCase(h.name, "connection") && !h.value.empty())
            return true;
    }
    return false;
}

} // namespace

bool isHopByHop(std::string_view name) {
    switch (name.size()) {
    case 2:
        return equalsIgnoreCase(name, "te");
    case 7:
        return equalsIgnoreCase(name, "trailer") || equalsIgnoreCase(name, "upgrade");
    case 10:
        return equalsIgnoreCase(name, "connection") || equalsIgnoreCase(name, "keep-alive");
    case 17:
        return equalsIgnoreCase(name, "transfer-encoding");
    default:
        return name.size() > 6 && equalsIgnoreCase(name.substr(0, 6), "proxy-");
    }
}

void writeUpstreamRequest(QByteArray *out, const RequestHead &request, const ForwardInfo &info) {
    out->resize(0); // keeps the capacity: no allocation once warm
    append(out, request.method);
    out->append(' ');
    append(out, info.target);
    out->append(" HTTP/1.1\r\n", 11);
    const bool checkNominated = hasConnectionOptions(request.headers);
    std::string_view forwardedFor;
    std::string_view via;
    bool haveRequestId = false;
    for (const Header &h : request.headers) {
        if (isHopByHop(h.name))
            continue;
        if (checkNominated && nominatedByConnection(request.headers, h.name))
            continue;
        if (equalsIgnoreCase(h.name, "x-forwarded-for")) {
            forwardedFor = h.value; // one combined field below
            continue;
        }
        if (equalsIgnoreCase(h.name, "via")) {
            via = h.value;
            continue;
        }
        if (equalsIgnoreCase(h.name, "x-forwarded-proto") ||
            equalsIgnoreCase(h.name, "x-forwarded-host"))
            continue;
        haveRequestId |= equalsIgnoreCase(h.name, "x-request-id");
        appendField(out, h.name, h.value);
    }
    if (request.body == BodyKind::Chunked)
        out->append("Transfer-Encoding: chunked\r\n");
    if (request.upgradeWebSocket)
        out->append("Connection: Upgrade\r\nUpgrade: websocket\r\n");
    out->append("X-Forwarded-For: ");
    if (!forwardedFor.empty()) {
        append(out, forwardedFor);
        out->append(", ", 2);
    }
    append(out, info.clientIp);
    out->append("\r\nX-Forwarded-Proto: ");
    append(out, info.scheme);
    out->append("\r\nX-Forwarded-Host: ");
    append(out, request.host);
    out->append("\r\nVia: ");
    if (!via.empty()) {
        append(out, via);
        out->append(", ", 2);
    }
    out->append(request.versionMinor == 1 ? "1.1 ingress-studio\r\n" : "1.0 ingress-studio\r\n");
    if (!haveRequestId && !info.requestId.empty())
        appendField(out, "X-Request-Id", info.requestId);
    out->append("\r\n", 2);
}

void writeClientResponse(QByteArray *out, const ResponseHead &response, bool keepAlive,
                         bool upgrade) {
    out->resize(0); // keeps the capacity: no allocation once warm
    out->append("HTTP/1.1 ", 9);
    out->append(char('0' + response.status / 100));
    out->append(char('0' + response.status / 10 % 10));
    out->append(char('0' + response.status % 10));
    out->append(' ');
    append(out, response.reason);
    out->append("\r\n", 2);
    const bool checkNominated = hasConnectionOptions(response.headers);
    for (const Header &h : response.headers) {
        if (isHopByHop(h.name))
            continue;
        if (checkNominated && nominatedByConnection(response.headers, h.name))
            continue;
        appendField(out, h.name, h.value);
    }
    if (upgrade) {
        out->append("Connection: Upgrade\r\nUpgrade: websocket\r\n");
    } else {
        if (response.body == BodyFramer::Mode::Chunked)
            out->append("Transfer-Encoding: chunked\r\n");
        if (!keepAlive)
            out->append("Connection: close\r\n");
    }
    out->append("\r\n", 2);
}

} // namespace ingress::proxy::http
