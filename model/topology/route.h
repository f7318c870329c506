#pragma once

#include "model/topology/duration.h"
#include "model/topology/policy.h"
#include "model/topology/sourcelocation.h"

#include <optional>
#include <QList>
#include <QString>
#include <QStringList>

namespace ingress {

enum class PathType { Exact, Prefix, Regex };

// How a header or query parameter value is compared (Gateway API's HeaderMatchType).
enum class ValueMatch { Exact, RegularExpression };

// A request header (name case-insensitive) or query parameter (name case-sensitive) that must be
// present with a value equal to `value`, or, for RegularExpression, one the pattern matches
// whole (anchored, as Gateway API implementations do).
struct HeaderMatch {
    QString name;
    QString value;
    ValueMatch type = ValueMatch::Exact;
    friend bool operator==(const HeaderMatch &, const HeaderMatch &) = default;
};

// One way a request can match a route; a route takes a request when any of its matches holds
// (Gateway API's HTTPRouteRule.matches, ORed). Within a match every condition must hold.
struct RouteMatchRule {
    QString path = QStringLiteral("/");
    PathType pathType = PathType::Prefix;
    QStringList methods;            // empty: any method
    QList<HeaderMatch> headers;     // all must match
    QList<HeaderMatch> queryParams; // all must match
    SourceMap src; // the route's own node for the one-match form, else the entry of `matches`
    friend bool operator==(const RouteMatchRule &, const RouteMatchRule &) = default;
};

// A header name and value, for the header filters.
struct HeaderValue {
    QString name;
    QString value;
    friend bool operator==(const HeaderValue &, const HeaderValue &) = default;
};

// Gateway API's RequestHeaderModifier / ResponseHeaderModifier: `set` replaces (or adds) a
// header, `add` appends a value, `remove` deletes every value. The validator refuses a name in
// two of the lists, so the order they are applied in never shows.
struct HeaderFilter {
    QList<HeaderValue> set;
    QList<HeaderValue> add;
    QStringList remove;
    SourceMap src;
    bool isEmpty() const { return set.isEmpty() && add.isEmpty() && remove.isEmpty(); }
    friend bool operator==(const HeaderFilter &, const HeaderFilter &) = default;
};

// Gateway API's RequestMirror: a copy of `percent` % of the route's requests goes to `service`;
// its answer is discarded and it never delays the client.
struct RouteMirror {
    QString service;
    int percent = 100;
    SourceMap src;
    friend bool operator==(const RouteMirror &, const RouteMirror &) = default;
};

// Answer with a redirect instead of proxying. Unset parts keep the request's own (as Gateway
// API's RequestRedirect filter does); `path` replaces the whole path, `prefixPath` only the part
// the route matched.
struct Redirect {
    QString scheme;
    QString host;
    std::optional<int> port;
    QString path;
    QString prefixPath;
    int code = 302;
    SourceMap src;
    friend bool operator==(const Redirect &, const Redirect &) = default;
};

// Answer with this status (and body) instead of proxying: a maintenance page, a blocked path,
// or Gateway API's 500 for a rule whose backendRef cannot be resolved.
struct DirectResponse {
    int status = 200;
    QString body; // empty: the proxy's own page for an error status, else no body
    SourceMap src;
    friend bool operator==(const DirectResponse &, const DirectResponse &) = default;
};

// One service of a traffic split and its share of the route's requests, relative to the other
// backends of the route (Gateway API's backendRefs[].weight). Weight 0 drains the service.
struct RouteBackend {
    QString service;
    int weight = 1;
    SourceMap src;
    friend bool operator==(const RouteBackend &, const RouteBackend &) = default;
};

struct Route {
    // Never empty. A file's one-match form (`path`, `pathType`, `methods`, `headers`,
    // `queryParams` on the route itself) is matches[0]; `matches:` gives several.
    QList<RouteMatchRule> matches{RouteMatchRule{}};
    QString service; // empty for a pure redirect or a split
    // A traffic split; exclusive with `service`, which stays the one-backend form so that
    // older files and older builds keep working (docs/topology-format.md).
    QList<RouteBackend> backends;
    // URL rewrite (Gateway API's URLRewrite filter): `rewritePrefix` replaces the part of the
    // path the match took, `rewritePath` the whole path (exclusive); `rewriteHost` the Host.
    std::optional<QString> rewritePrefix;
    std::optional<QString> rewritePath;
    QString rewriteHost; // empty: the client's Host goes upstream
    HeaderFilter requestHeaders;
    HeaderFilter responseHeaders;
    QList<RouteMirror> mirrors;
    std::optional<Redirect> redirect;
    std::optional<DirectResponse> respond;
    std::optional<qint64> maxBodySize; // bytes; larger request bodies get 413
    std::optional<Duration> timeout;   // overrides the service's response timeout
    Policy policy;                     // its parts replace the host's (Policy::overriddenBy)
    SourceMap src;

    const RouteMatchRule &firstMatch() const { return matches.first(); }
    RouteMatchRule &firstMatch() { return matches.first(); }
    bool hasBackend() const { return !service.isEmpty() || !backends.isEmpty(); }
    // Every service the route names: `service`, or those of `backends` in file order.
    QStringList serviceNames() const {
        if (backends.isEmpty())
            return service.isEmpty() ? QStringList() : QStringList{service};
        QStringList names;
        for (const RouteBackend &backend : backends)
            names << backend.service;
        return names;
    }

    friend bool operator==(const Route &, const Route &) = default;
};

} // namespace ingress
