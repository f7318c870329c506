#pragma once

#include "proxy/http/headerblock.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace ingress::proxy::http {

enum class BodyKind { None, Length, Chunked };

// A parsed request head. Every view points into the connection's read buffer (parsed in place),
// so it is valid until that buffer changes; the vector is reused between requests.
struct RequestHead {
    std::string_view method;
    std::string_view target; // as received
    std::string_view path;   // without the query
    std::string_view query;  // without '?'
    std::string_view host;   // authority of an absolute-form target, else the Host header
    int versionMinor = 1;
    std::vector<Header> headers;
    BodyKind body = BodyKind::None;
    std::uint64_t contentLength = 0;
    bool keepAlive = true;
    bool expectContinue = false;
    bool upgradeWebSocket = false;
    std::size_t headSize = 0; // bytes of request line + headers + empty line

    bool isIdempotent() const;
    bool isHead() const { return method == "HEAD"; }
    // Value of the first header named `lowerName` (case-insensitive).
    const Header *find(std::string_view name) const;
};

struct RequestLimits {
    std::size_t maxRequestLine = 8 * 1024; // -> 414
    HeaderLimits headers;                  // -> 431
};

// Strict RFC 9112 request head parser; see docs/proxy.md for the list of rejections.
ParseOutcome parseRequestHead(std::string_view buffer, const RequestLimits &limits,
                              RequestHead *head);

} // namespace ingress::proxy::http
