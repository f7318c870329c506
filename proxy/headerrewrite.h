#pragma once

#include "model/routing/routingtable.h"
#include "proxy/http/requestparser.h"
#include "proxy/http/responseparser.h"

#include <QByteArray>
#include <string_view>

namespace ingress::proxy {
class ResponseFields;
}

namespace ingress::proxy::http {

struct ForwardInfo {
    std::string_view target;    // path (after rewrite) and query to send upstream
    std::string_view clientIp;  // appended to X-Forwarded-For
    std::string_view scheme;    // "http" or "https": X-Forwarded-Proto
    std::string_view requestId; // X-Request-Id when the client sent none
    std::string_view host;      // Host sent upstream (a route's rewriteHost); empty: the client's
    const CompiledHeaderFilter *filter = nullptr; // the route's requestHeaders, if any
};

// The request head sent upstream: hop-by-hop fields and those named in Connection removed,
// Host preserved, X-Forwarded-For appended, X-Forwarded-Proto/-Host and Via set. A chunked body
// is forwarded as received, so `Transfer-Encoding: chunked` is written back; a WebSocket upgrade
// keeps its Upgrade and Connection fields. A route's request header filter is applied last, to
// the head as the proxy would send it (so it may replace X-Forwarded-* or Via too), except to
// the fields filterMayEdit() refuses. Appends to `out` (reused, no allocation once warm).
void writeUpstreamRequest(QByteArray *out, const RequestHead &request, const ForwardInfo &info);

// The response head sent to the client, with the same hop-by-hop rules. An HTTP/1.0 client
// (`clientVersionMinor` 0) cannot read chunked: the proxy decodes such a body for it (and closes
// the connection to end it), so no Transfer-Encoding is written; a kept-alive HTTP/1.0
// connection is announced with `Connection: keep-alive`, which HTTP/1.0 requires.
// `filter`: the route's responseHeaders, applied to the backend's fields as relayed; `fields`:
// what the route's policy sets (CORS, security headers), after the filter and replacing the
// fields of the same names, the backend's and the filter's alike.
void writeClientResponse(QByteArray *out, const ResponseHead &response, bool keepAlive,
                         bool upgrade, int clientVersionMinor = 1,
                         const CompiledHeaderFilter *filter = nullptr,
                         const ResponseFields *fields = nullptr);

bool isHopByHop(std::string_view name);

// May a route's header filter set, add or remove this field? Not the hop-by-hop fields and not
// Content-Length: they frame the message between the proxy and one peer, and a second
// Content-Length or a Transfer-Encoding the proxy did not frame by is request smuggling (the
// peer would read a different body than the proxy sends). Not Host: `rewriteHost` sets it, and
// a removed or second Host makes the request invalid. Not Expect: the proxy relays the
// backend's 100 Continue to a client only because that client asked for it.
bool filterMayEdit(std::string_view name);

} // namespace ingress::proxy::http
