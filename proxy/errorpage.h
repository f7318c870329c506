#pragma once

#include <QByteArray>
#include <string_view>

namespace ingress::proxy {

class ResponseFields;

// Reason phrase of the statuses the proxy answers itself.
const char *reasonPhrase(int status);

// A complete small HTML error response carrying the request id (also in the access log), e.g.
// 404 when no route matches, 502/503/504 for upstream failures, 400 for malformed requests.
// `extraHeaders` are whole "Name: value\r\n" lines (Retry-After, Location).
// `fields` (in each of these writers): what the route's policy adds (CORS, security headers);
// null where no route is known.
void writeErrorResponse(QByteArray *out, int status, std::string_view requestId, bool close,
                        std::string_view extraHeaders = {}, bool headOnly = false,
                        const ResponseFields *fields = nullptr);

// A route's `respond`: the status with `body` as text/plain (none for 204 and 304). Also the
// answer to a CORS preflight (204, no body, `fields` saying the rest).
void writeDirectResponse(QByteArray *out, int status, const QByteArray &body,
                         std::string_view requestId, bool close, bool headOnly,
                         const ResponseFields *fields = nullptr);

// A redirect with an empty body.
void writeRedirect(QByteArray *out, int status, std::string_view location, bool close,
                   const ResponseFields *fields = nullptr);

} // namespace ingress::proxy
