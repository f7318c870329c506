#include "proxy/policy/policycheck.h"

#include "proxy/balancing/hashing.h"

namespace ingress::proxy {

const char *denialName(PolicyDenial denial) {
    switch (denial) {
    case PolicyDenial::None:
        break;
    case PolicyDenial::Connections:
        return "connections";
    case PolicyDenial::Rate:
        return "rate";
    case PolicyDenial::Access:
        return "access";
    case PolicyDenial::Auth:
        return "auth";
    case PolicyDenial::ExternalAuth:
        return "external-auth";
    }
    return "";
}

int PolicyCheck::status() const {
    switch (m_denial) {
    case PolicyDenial::None:
        return 0;
    case PolicyDenial::Connections:
    case PolicyDenial::Rate:
        return 429;
    case PolicyDenial::Access:
        return 403;
    case PolicyDenial::Auth:
        return 401;
    case PolicyDenial::ExternalAuth:
        break; // the authentication service's answer says, not the policy
    }
    return 0;
}

void PolicyCheck::release() {
    if (m_heldLimiter)
        m_heldLimiter->release(m_heldKey);
    m_heldLimiter = nullptr;
    m_denial = PolicyDenial::None;
    m_headers.clear();
    m_user.clear();
}

void PolicyCheck::run(const CompiledPolicy &policy, const PolicyState &state,
                      CredentialCheck &credentials, const PolicyClient &client,
                      const http::RequestHead &head, std::int64_t nowUs) {
    release();
    if (state.concurrency) {
        if (!state.concurrency->acquire(client.hash)) {
            m_denial = PolicyDenial::Connections;
            return;
        }
        m_heldLimiter = state.concurrency.get();
        m_heldKey = client.hash;
    }
    if (state.rateLimiter) {
        std::uint64_t key = client.hash;
        if (!policy.rateLimit->header.empty())
            if (const http::Header *h = head.find(policy.rateLimit->header))
                key = mix64(hashBytes(h->value)); // apart from addresses hashing alike
        if (const RateLimiter::Verdict verdict = state.rateLimiter->take(key, nowUs);
            !verdict.allowed) {
            m_denial = PolicyDenial::Rate;
            // Whole seconds, rounded up: "0" would invite an immediate retry that fails too.
            m_headers =
                "Retry-After: " + std::to_string((verdict.retryAfterUs + 999999) / 1000000) +
                "\r\n";
            return;
        }
    }
    if (!policy.admits(client.address)) {
        m_denial = PolicyDenial::Access;
        return;
    }
    if (state.users) {
        const http::Header *authorization = head.find("authorization");
        if (!state.users->ok() || !authorization ||
            !credentials.accepts(*state.users, authorization->value, &m_user)) {
            m_denial = PolicyDenial::Auth;
            // The realm is a quoted-string: quotes and backslashes escaped.
            std::string realm;
            for (const char c : policy.basicAuth->realm) {
                if (c == '"' || c == '\\')
                    realm += '\\';
                if (c != '\r' && c != '\n')
                    realm += c;
            }
            m_headers = "WWW-Authenticate: Basic realm=\"" + realm + "\", charset=\"UTF-8\"\r\n";
        }
    }
}

} // namespace ingress::proxy
