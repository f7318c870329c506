#pragma once

#include "proxy/http/requestparser.h"

#include <string_view>

namespace ingress::proxy::http {

// The value of the cookie `name` (case-sensitive, RFC 6265) in the request's Cookie fields
// ("a=1; b=2", possibly spread over several fields), without surrounding quotes; empty when
// absent. The first occurrence wins, as with nginx's $cookie_NAME. A view into the request.
std::string_view findCookie(const RequestHead &request, std::string_view name);

} // namespace ingress::proxy::http
