#include "proxy/policy/policystate.h"

#include "proxy/proxylog.h"

namespace ingress::proxy {

std::vector<PolicyState> PolicyStateRegistry::update(const RoutingTable &table) {
    std::map<std::string, std::shared_ptr<RateLimiter>> rateLimiters;
    std::map<std::string, std::shared_ptr<ConcurrencyLimiter>> concurrency;
    std::map<QString, std::shared_ptr<const HtpasswdFile>> files; // read once per path
    std::vector<PolicyState> states;
    states.reserve(table.policies().size());
    for (const CompiledPolicy &policy : table.policies()) {
        PolicyState state;
        if (const auto &limit = policy.rateLimit) {
            const std::string key = limit->scope + ' ' + std::to_string(limit->intervalUs) + '/' +
                                    std::to_string(limit->burst) + ' ' + limit->header;
            auto &limiter = rateLimiters[key];
            if (!limiter) {
                const auto kept = m_rateLimiters.find(key);
                limiter = kept != m_rateLimiters.end()
                              ? kept->second
                              : std::make_shared<RateLimiter>(limit->intervalUs, limit->burst);
            }
            state.rateLimiter = limiter;
        }
        if (policy.connectionLimit > 0) {
            const std::string key =
                policy.connectionLimitScope + ' ' + std::to_string(policy.connectionLimit);
            auto &limiter = concurrency[key];
            if (!limiter) {
                const auto kept = m_concurrency.find(key);
                limiter = kept != m_concurrency.end()
                              ? kept->second
                              : std::make_shared<ConcurrencyLimiter>(policy.connectionLimit);
            }
            state.concurrency = limiter;
        }
        if (policy.basicAuth) {
            auto &file = files[policy.basicAuth->htpasswdPath];
            if (!file) {
                file = std::make_shared<const HtpasswdFile>(
                    HtpasswdFile::read(policy.basicAuth->htpasswdPath));
                if (!file->ok())
                    qCWarning(lcProxy, "basic auth of %s refuses every request: %s",
                              policy.origin.c_str(), qPrintable(file->error));
            }
            state.users = file;
        }
        states.push_back(std::move(state));
    }
    m_rateLimiters = std::move(rateLimiters);
    m_concurrency = std::move(concurrency);
    return states;
}

} // namespace ingress::proxy
