#pragma once

#include "model/routing/compiledcors.h"
#include "model/routing/ipblock.h"
#include "model/topology/policy.h"

#include <cstdint>
#include <optional>
#include <QString>
#include <string>
#include <vector>

namespace ingress {

struct Topology;

// What a request must pass before it is routed on: the host's policy with the route's parts
// laid over it (Policy::overriddenBy), compiled once per route. The engine keeps the live
// state (rate-limit buckets, requests in progress, the htpasswd users) per policy index, and
// works, as nginx's phases do: CORS preflight answered (ingress-nginx's `if` in the rewrite
// phase), connection limit, rate limit, access list, basic auth; then the response fields.
struct CompiledPolicy {
    int index = 0;
    // Where it comes from, for the access log, metrics and explain: "host shop.example.com",
    // "route /admin of shop.example.com".
    std::string origin;
    std::vector<IpBlock> allow; // empty: every address not denied
    std::vector<IpBlock> deny;

    struct BasicAuth {
        QString htpasswdPath; // resolved against the topology file
        std::string realm;
    };
    std::optional<BasicAuth> basicAuth;

    // Forward authentication (ExternalAuth): a GET for `path` to service `service` decides.
    struct ExternalAuth {
        int service = -1; // in the table's services; -1: unknown (the request gets 500)
        std::string serviceName;
        std::string path;
        std::vector<std::string> responseHeaders; // lower case
        std::string signIn;                       // empty: a 401 goes back as it came
    };
    std::optional<ExternalAuth> externalAuth;

    // Generic cell rate algorithm: one request per `intervalUs`, `burst` more at once.
    struct RateLimit {
        std::int64_t intervalUs = 100000;
        std::int64_t burst = 0;
        std::string header; // lower case; empty: the client address
        std::string text;   // "10 per second, burst 20", for explain
        // Routes that inherit one host's limit share its buckets: the same scope ("host 3"),
        // one state in the engine. A route's own limit has a scope of its own.
        std::string scope;
    };
    std::optional<RateLimit> rateLimit;
    int connectionLimit = 0;          // 0: no limit
    std::string connectionLimitScope; // as RateLimit::scope

    // What browsers are told: preflights answered and fields added for allowed origins...
    std::optional<CompiledCors> cors;
    // ...and the security headers, set on every response (replacing the backend's);
    // Strict-Transport-Security (`hsts`, empty: none) on TLS connections only.
    std::vector<std::pair<std::string, std::string>> securityHeaders;
    std::string hsts;

    // Does it check anything before the request goes on (limits, access list, password)?
    // External auth is not counted: it is asked after these pass, by the engine's exchange.
    bool checksRequests() const {
        return !allow.empty() || !deny.empty() || basicAuth || rateLimit || connectionLimit > 0;
    }

    // The access list alone: deny first, then allow when there is one.
    bool admits(const IpBytes &client) const;
    // One line per part, for explain and the GUI ("allow 10.0.0.0/8", "basic auth, realm Shop").
    std::vector<std::string> describe() const;

    // Nullopt for an empty policy: nothing to check.
    static std::optional<CompiledPolicy> compile(const Policy &policy, const Topology &topology,
                                                 const QString &hostName);
};

} // namespace ingress
