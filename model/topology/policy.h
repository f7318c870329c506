#pragma once

#include "model/topology/cors.h"
#include "model/topology/externalauth.h"
#include "model/topology/securityheaders.h"
#include "model/topology/sourcelocation.h"

#include <optional>
#include <QString>
#include <QStringList>

namespace ingress {

// Who may use a host or a route, how much, and what browsers are told about it. A policy sits on a
// host and on a route; each kind set on the route replaces the host's (an nginx `location`
// inheriting its `server`'s directives), so a route can tighten or lift one part and keep the
// others (docs/topology-format.md, "Policies").

// HTTP basic authentication against an htpasswd file (bcrypt, SHA-crypt, apr1 or {SHA} lines,
// as Apache's `htpasswd` writes them); a request without valid credentials gets 401.
struct BasicAuth {
    QString htpasswd; // path, relative to the topology file
    QString realm;    // empty: the host name
    SourceMap src;
    friend bool operator==(const BasicAuth &, const BasicAuth &) = default;
};

enum class RateUnit { Second, Minute };

// At most `requests` per `per`, with `burst` more taken at once, per client address (or per
// value of `header`, when the request has one); the rest get 429 with Retry-After.
struct RateLimit {
    int requests = 10;
    RateUnit per = RateUnit::Second;
    int burst = 0;
    QString header; // empty: keyed by the client address
    SourceMap src;
    friend bool operator==(const RateLimit &, const RateLimit &) = default;
};

struct Policy {
    // CIDR blocks ("10.0.0.0/8", "2001:db8::/32", or one address). A client in `deny` gets 403;
    // when `allow` is not empty, so does every client outside it.
    QStringList allow;
    QStringList deny;
    std::optional<BasicAuth> basicAuth;
    std::optional<ExternalAuth> externalAuth;
    std::optional<RateLimit> rateLimit;
    // Requests in progress at once per client address; more get 429.
    std::optional<int> connectionLimit;
    std::optional<Cors> cors;
    std::optional<SecurityHeaders> securityHeaders;
    SourceMap src;

    bool isEmpty() const {
        return allow.isEmpty() && deny.isEmpty() && !basicAuth && !externalAuth && !rateLimit &&
               !connectionLimit && !cors && !securityHeaders;
    }
    // This policy with `route`'s parts laid over it: what applies to a request on the route.
    Policy overriddenBy(const Policy &route) const {
        Policy merged = *this;
        if (!route.allow.isEmpty() || !route.deny.isEmpty()) {
            merged.allow = route.allow;
            merged.deny = route.deny;
        }
        if (route.basicAuth)
            merged.basicAuth = route.basicAuth;
        if (route.externalAuth)
            merged.externalAuth = route.externalAuth;
        if (route.rateLimit)
            merged.rateLimit = route.rateLimit;
        if (route.connectionLimit)
            merged.connectionLimit = route.connectionLimit;
        if (route.cors)
            merged.cors = route.cors;
        if (route.securityHeaders)
            merged.securityHeaders = route.securityHeaders;
        return merged;
    }
    friend bool operator==(const Policy &, const Policy &) = default;
};

} // namespace ingress
