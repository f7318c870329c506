#pragma once

#include "model/routing/compiledpolicy.h"
#include "proxy/http/requestparser.h"
#include "proxy/policy/credentialcheck.h"
#include "proxy/policy/policydenial.h"
#include "proxy/policy/policystate.h"

#include <cstdint>
#include <string>

namespace ingress::proxy {

// Who is asking, as the policy sees it: the connection's peer or the client a trusted proxy
// names (ClientAddress).
struct PolicyClient {
    IpBytes address{};
    std::uint64_t hash = 0; // hashBytes of the address text, the key of the limits
};

// The outcome of one request's check. A request that passed holds a place in the connection
// limit until release() (the request object ends): PolicyCheck owns it.
class PolicyCheck {
public:
    PolicyCheck() = default;
    PolicyCheck(const PolicyCheck &) = delete;
    PolicyCheck &operator=(const PolicyCheck &) = delete;
    ~PolicyCheck() { release(); }

    // Checks, in nginx's order: connection limit, rate limit, deny/allow, basic auth.
    void run(const CompiledPolicy &policy, const PolicyState &state, CredentialCheck &credentials,
             const PolicyClient &client, const http::RequestHead &head, std::int64_t nowUs);
    void release();
    // A refusal decided after run(), by the external authentication service (asked once the
    // checks here have passed): counted and logged like the others. Keeps the held place.
    void refuse(PolicyDenial denial) { m_denial = denial; }

    PolicyDenial denial() const { return m_denial; }
    int status() const; // 429, 403 or 401; 0 when passed (or refused by external auth)
    // Header lines for the refusal ("Retry-After: 2\r\n", "WWW-Authenticate: ...\r\n").
    const std::string &headers() const { return m_headers; }
    const std::string &user() const { return m_user; } // basic auth's user, accepted or not

private:
    PolicyDenial m_denial = PolicyDenial::None;
    std::string m_headers;
    std::string m_user;
    ConcurrencyLimiter *m_heldLimiter = nullptr; // the state outlives the request (WorkerTables)
    std::uint64_t m_heldKey = 0;
};

} // namespace ingress::proxy
