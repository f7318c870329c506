#pragma once

#include "requestparser.h"
#include "responseparser.h"

#include <QByteArray>
#include <string_view>

namespace ingress::proxy::http {

struct ForwardInfo {
    std::string_view target;    // path (after rewrite) and query to send upstream
    std::string_view clientIp;  // appended to X-Forwarded-For
    std::string_view scheme;    // "http" or "https": X-Forwarded-Proto
    std::string_view requestId; // X-Request-Id when the client sent none
};

// The request head sent upstream: hop-by-hop fields and those named in Connection removed,
// Host preserved, X-Forwarded-For appended, X-Forwarded-Proto/-Host and Via set. A chunked body
// is forwarded as received, so `Transfer-Encoding: chunked` is written back; a WebSocket upgrade
// keeps its Upgrade and Connection fields. Appends to `out` (reused, no allocation once warm).
void writeUpstreamRequest(QByteArray *out, const RequestHead &request, const ForwardInfo &info);

// The response head sent to the client, with the same hop-by-hop rules. An HTTP/1.0 client
// (`clientVersionMinor` 0) cannot read chunked: the proxy decodes such a body for it (and closes
// the connection to end it), so no Transfer-Encoding is written; a kept-alive HTTP/1.0
// connection is announced with `Connection: keep-alive`, which HTTP/1.0 requires.
void writeClientResponse(QByteArray *out, const ResponseHead &response, bool keepAlive,
                         bool upgrade, int clientVersionMinor = 1);

bool isHopByHop(std::string_view name);

} // namespace ingress::proxy::http
