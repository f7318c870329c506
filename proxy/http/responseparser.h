#pragma once

#include "proxy/http/bodyframing.h"
#include "proxy/http/headerblock.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace ingress::proxy::http {

// A parsed upstream response head; views point into the upstream read buffer.
struct ResponseHead {
    int status = 0;
    int versionMinor = 1;
    std::string_view reason;
    std::vector<Header> headers;
    BodyFramer::Mode body = BodyFramer::Mode::None;
    std::uint64_t contentLength = 0;
    bool keepAlive = true; // the upstream connection may be reused afterwards
    std::size_t headSize = 0;
};

// Parses an upstream response head. `requestWasHead` and the status decide whether a body
// follows (RFC 9112 section 6.3). Anything malformed is an Error (the proxy answers 502).
ParseOutcome parseResponseHead(std::string_view buffer, bool requestWasHead,
                               const HeaderLimits &limits, ResponseHead *head);

} // namespace ingress::proxy::http
