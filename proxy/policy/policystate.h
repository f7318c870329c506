#pragma once

#include "model/certs/htpasswdfile.h"
#include "model/routing/routingtable.h"
#include "proxy/policy/concurrencylimiter.h"
#include "proxy/policy/ratelimiter.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ingress::proxy {

// The live side of one CompiledPolicy, shared by every worker: its buckets, its counts of
// requests in progress and its users. Index-aligned with RoutingTable::policies().
struct PolicyState {
    std::shared_ptr<RateLimiter> rateLimiter;        // null: no rate limit
    std::shared_ptr<ConcurrencyLimiter> concurrency; // null: no connection limit
    // Null: no basic auth. A file that could not be read has `error` set and no users: every
    // request is refused (fail closed), and the engine logged why.
    std::shared_ptr<const HtpasswdFile> users;
};

// Makes the PolicyStates of each new table, keeping the buckets and counts of limits that a
// reload leaves as they were (same scope, same rate), so a reload neither forgives a client
// its rate nor forgets the requests it has in progress.
class PolicyStateRegistry {
public:
    std::vector<PolicyState> update(const RoutingTable &table);

private:
    std::map<std::string, std::shared_ptr<RateLimiter>> m_rateLimiters;
    std::map<std::string, std::shared_ptr<ConcurrencyLimiter>> m_concurrency;
};

} // namespace ingress::proxy
