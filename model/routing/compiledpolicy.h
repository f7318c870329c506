#pragma once

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
// checks, as nginx's phases do: connection limit, rate limit, access list, basic auth.
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

    // The access list alone: deny first, then allow when there is one.
    bool admits(const IpBytes &client) const;
    // One line per part, for explain and the GUI ("allow 10.0.0.0/8", "basic auth, realm Shop").
    std::vector<std::string> describe() const;

    // Nullopt for an empty policy: nothing to check.
    static std::optional<CompiledPolicy> compile(const Policy &policy, const Topology &topology,
                                                 const QString &hostName);
};

} // namespace ingress
