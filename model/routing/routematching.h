#pragma once

#include "model/routing/routingtable.h"

#include <optional>
#include <QString>
#include <string>
#include <string_view>

// Route-level matching helpers of RoutingTable (docs/routing.md), kept apart from host
// selection so each piece stays small. Internal to the model library.
namespace ingress::routing {

// The request path as a QString for QRegularExpression, converted once per request and only
// when a Regex route is actually tried.
class LazyPath {
public:
    explicit LazyPath(std::string_view path) : m_path(path) {}
    const QString &text() const;

private:
    std::string_view m_path;
    mutable std::optional<QString> m_text;
};

// Why a route does or does not take a request.
struct RouteVerdict {
    enum class Code {
        Match,
        PathDiffers,
        MethodNotAllowed,
        HeaderMissing,
        HeaderDiffers,
        QueryMissing,
        QueryDiffers,
        BadRegex
    };
    Code code = Code::PathDiffers;
    int header = -1;          // the header or query condition that failed
    qsizetype regexStart = 0; // Regex: the matched text, in UTF-16 units of LazyPath::text()
    qsizetype regexLength = 0;

    bool ok() const { return code == Code::Match; }
};

// Checks path, then methods, then headers, then query parameters: the order the trace
// explains them in.
RouteVerdict checkRoute(const CompiledRoute &route, const RequestInfo &request,
                        const LazyPath &path);

// Replaces the part of `path` the route matched (Prefix: the prefix, element-wise; Exact: the
// whole path; Regex: captured(0)) with `replacement`: Gateway API ReplacePrefixMatch.
std::string replaceMatched(const CompiledRoute &route, std::string_view path,
                           const RouteVerdict &verdict, const LazyPath &lazy,
                           std::string_view replacement);

// The first value of query parameter `name` in `query` ("a=1&b=2"), percent-decoded (and '+'
// as a space, as forms send it); nullopt when absent. Names compare after decoding, case
// sensitively (Gateway API).
std::optional<std::string> queryValue(std::string_view query, std::string_view name);

// Path sent upstream: rewritePath, else rewritePrefix applied, else unchanged. Without the
// query.
std::string upstreamPath(const CompiledRoute &route, std::string_view path,
                         const RouteVerdict &verdict, const LazyPath &lazy);

// "http" or "https": the listener's protocol, else RequestInfo::tls.
std::string_view requestScheme(const RoutingTable &table, const RequestInfo &request);

// The port written in a Host header ("a.com:8080", "[::1]:8443"), if any.
std::optional<int> hostHeaderPort(std::string_view hostHeader);

// "scheme://host[:port]path[?query]", the port left out when it is the scheme's default.
std::string makeLocation(std::string_view scheme, std::string_view host, int port,
                         std::string_view path, std::string_view query);

// Location of a route's own redirect, built from the request (Gateway API RequestRedirect).
std::string redirectLocation(const RoutingTable &table, const CompiledRoute &route,
                             const RequestInfo &request, std::string_view normalisedHost,
                             const RouteVerdict &verdict, const LazyPath &lazy);

// Trace wording.
std::string routeSubject(const CompiledRoute &route);
std::string describeVerdict(const CompiledRoute &route, const RouteVerdict &verdict,
                            const RequestInfo &request);

} // namespace ingress::routing
