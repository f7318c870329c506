#include "proxy/errorpage.h"

#include "proxy/policy/responsefields.h"

namespace ingress::proxy {

const char *reasonPhrase(int status) {
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 410:
        return "Gone";
    case 417:
        return "Expectation Failed";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return status < 400 ? "OK" : status < 500 ? "Bad Request" : "Internal Server Error";
    }
}

void writeErrorResponse(QByteArray *out, int status, std::string_view requestId, bool close,
                        std::string_view extraHeaders, bool headOnly,
                        const ResponseFields *fields) {
    const QByteArray code = QByteArray::number(status);
    const QByteArray reason(reasonPhrase(status));
    const QByteArray id(requestId.data(), qsizetype(requestId.size()));
    const QByteArray body = "<!DOCTYPE html>\n<html><head><title>" + code + " " + reason +
                            "</title></head>\n<body><h1>" + code + " " + reason +
                            "</h1>\n<p>Request id: <code>" + id +
                            "</code></p>\n<hr><p>ingress-studio</p></body></html>\n";
    out->clear();
    out->append("HTTP/1.1 " + code + " " + reason + "\r\n");
    out->append("Content-Type: text/html; charset=utf-8\r\nContent-Length: ");
    out->append(QByteArray::number(body.size()));
    out->append("\r\nX-Request-Id: " + id + "\r\n");
    out->append(extraHeaders.data(), qsizetype(extraHeaders.size()));
    if (fields)
        fields->append(out);
    if (close)
        out->append("Connection: close\r\n");
    out->append("\r\n");
    if (!headOnly)
        out->append(body);
}

void writeDirectResponse(QByteArray *out, int status, const QByteArray &body,
                         std::string_view requestId, bool close, bool headOnly,
                         const ResponseFields *fields) {
    // 204 and 304 never carry a body (RFC 9110 6.4.1), so they get no Content-Length either.
    const bool bodyless = status == 204 || status == 304;
    out->clear();
    out->append("HTTP/1.1 " + QByteArray::number(status) + " " + reasonPhrase(status) + "\r\n");
    if (!bodyless) {
        if (!body.isEmpty())
            out->append("Content-Type: text/plain; charset=utf-8\r\n");
        out->append("Content-Length: " + QByteArray::number(body.size()) + "\r\n");
    }
    out->append("X-Request-Id: ");
    out->append(requestId.data(), qsizetype(requestId.size()));
    out->append("\r\n");
    if (fields)
        fields->append(out);
    if (close)
        out->append("Connection: close\r\n");
    out->append("\r\n");
    if (!headOnly && !bodyless)
        out->append(body);
}

void writeRedirect(QByteArray *out, int status, std::string_view location, bool close,
                   const ResponseFields *fields) {
    out->clear();
    out->append("HTTP/1.1 " + QByteArray::number(status) + " " + reasonPhrase(status) + "\r\n");
    out->append("Location: ");
    out->append(location.data(), qsizetype(location.size()));
    out->append("\r\nContent-Length: 0\r\n");
    if (fields)
        fields->append(out);
    if (close)
        out->append("Connection: close\r\n");
    out->append("\r\n");
}

} // namespace ingress::proxy
