#pragma once

#include "proxy/accesslogentry.h"

#include <QString>

namespace ingress::ui {

// "Copy as curl" for a logged request: a command that sends the same request line and headers
// to the same local listener, whatever the host name resolves to elsewhere.
class CurlCommand {
public:
    struct Target {
        QString scheme;         // "http" or "https"
        QString connectAddress; // the listener's address to connect to, e.g. "127.0.0.1"
        quint16 port = 0;       // the listener's port
    };

    // Empty when the entry cannot be replayed (a malformed request, no method).
    static QString forEntry(const proxy::AccessLogEntry &entry, const Target &target);
    // One shell word: bare when it is plainly safe, else in single quotes.
    static QString shellQuote(const QString &word);
    // Whether the client's header `name` is hop-by-hop (RFC 9110 7.6.1) or one curl works out
    // itself (Content-Length: the body is not logged); `connectionListed` are the names the
    // request's Connection header lists, lower case.
    static bool skipsHeader(const QByteArray &name, const QList<QByteArray> &connectionListed);
};

} // namespace ingress::ui
