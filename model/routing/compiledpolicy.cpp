#include "model/routing/compiledpolicy.h"

#include "model/topology/enums.h"
#include "model/topology/topology.h"

#include <algorithm>

namespace ingress {

namespace {

// Entries that do not parse are left out (validation reports them): a deny list that lost an
// entry must not turn into "deny nothing" silently, so the caller checks the count.
std::vector<IpBlock> compileBlocks(const QStringList &texts) {
    std::vector<IpBlock> blocks;
    for (const QString &text : texts)
        if (const auto block = IpBlock::parse(text.trimmed().toStdString()))
            blocks.push_back(*block);
    return blocks;
}

void compileSecurityHeaders(const SecurityHeaders &headers, CompiledPolicy &compiled) {
    if (headers.hsts) {
        compiled.hsts = "max-age=" + std::to_string(headers.hsts->maxAge);
        if (headers.hsts->includeSubdomains)
            compiled.hsts += "; includeSubDomains";
        if (headers.hsts->preload)
            compiled.hsts += "; preload";
    }
    if (headers.noSniff)
        compiled.securityHeaders.emplace_back("X-Content-Type-Options", "nosniff");
    if (!headers.referrerPolicy.isEmpty())
        compiled.securityHeaders.emplace_back("Referrer-Policy",
                                              headers.referrerPolicy.toStdString());
    if (!headers.frameOptions.isEmpty())
        compiled.securityHeaders.emplace_back("X-Frame-Options",
                                              headers.frameOptions.toStdString());
}

// The service as RoutingTable indexes it: the first of the name (Topology::findService).
CompiledPolicy::ExternalAuth compileExternalAuth(const ExternalAuth &auth,
                                                 const Topology &topology) {
    CompiledPolicy::ExternalAuth compiled;
    const QString name = auth.service.trimmed();
    for (qsizetype i = 0; i < topology.services.size(); ++i)
        if (topology.services[i].name == name) {
            compiled.service = int(i);
            break;
        }
    compiled.serviceName = name.toStdString();
    const QString path = auth.path.trimmed();
    compiled.path = path.startsWith(u'/') ? path.toStdString() : "/" + path.toStdString();
    for (const QString &header : auth.responseHeaders)
        if (!header.trimmed().isEmpty())
            compiled.responseHeaders.push_back(header.trimmed().toLower().toStdString());
    compiled.signIn = auth.signIn.trimmed().toStdString();
    return compiled;
}

} // namespace

bool CompiledPolicy::admits(const IpBytes &client) const {
    for (const IpBlock &block : deny)
        if (block.contains(client))
            return false;
    if (allow.empty())
        return true;
    for (const IpBlock &block : allow)
        if (block.contains(client))
            return true;
    return false;
}

std::vector<std::string> CompiledPolicy::describe() const {
    std::vector<std::string> lines;
    const auto blocks = [](const char *verb, const std::vector<IpBlock> &list) {
        std::string line = verb;
        for (std::size_t i = 0; i < list.size(); ++i)
            line += (i ? ", " : " ") + list[i].toString();
        return line;
    };
    if (!deny.empty())
        lines.push_back(blocks("deny", deny));
    if (!allow.empty())
        lines.push_back(blocks("allow", allow) + ", deny the rest");
    if (basicAuth)
        lines.push_back("basic auth, realm \"" + basicAuth->realm + "\"");
    if (externalAuth) {
        std::string line =
            "external auth by service " + externalAuth->serviceName + " at " + externalAuth->path;
        for (std::size_t i = 0; i < externalAuth->responseHeaders.size(); ++i)
            line += (i ? ", " : ", copies ") + externalAuth->responseHeaders[i];
        if (!externalAuth->signIn.empty())
            line += ", 401 signs in at " + externalAuth->signIn;
        lines.push_back(line);
    }
    if (connectionLimit > 0)
        lines.push_back(std::to_string(connectionLimit) + " requests at once per client");
    if (rateLimit)
        lines.push_back("rate limit " + rateLimit->text);
    if (cors)
        lines.push_back(cors->describe());
    if (!securityHeaders.empty() || !hsts.empty()) {
        std::string line = "security headers";
        const char *separator = " ";
        if (!hsts.empty()) {
            line += " Strict-Transport-Security (TLS)";
            separator = ", ";
        }
        for (const auto &[name, value] : securityHeaders) {
            line += separator + name;
            separator = ", ";
        }
        lines.push_back(line);
    }
    return lines;
}

std::optional<CompiledPolicy>
CompiledPolicy::compile(const Policy &policy, const Topology &topology, const QString &hostName) {
    if (policy.isEmpty())
        return std::nullopt;
    CompiledPolicy compiled;
    compiled.allow = compileBlocks(policy.allow);
    compiled.deny = compileBlocks(policy.deny);
    // An allow list whose every entry is unreadable still means "not everybody": fail closed
    // (0.0.0.0/128 matches no address) rather than open.
    if (compiled.allow.empty() && !policy.allow.isEmpty())
        compiled.allow.push_back(IpBlock{{}, 128});
    if (policy.basicAuth) {
        const QString realm =
            policy.basicAuth->realm.isEmpty() ? hostName : policy.basicAuth->realm;
        compiled.basicAuth =
            BasicAuth{topology.resolvePath(policy.basicAuth->htpasswd), realm.toStdString()};
    }
    if (policy.externalAuth)
        compiled.externalAuth = compileExternalAuth(*policy.externalAuth, topology);
    if (policy.rateLimit) {
        const ingress::RateLimit &limit = *policy.rateLimit;
        const std::int64_t period = limit.per == RateUnit::Minute ? 60000000 : 1000000;
        const int requests = std::max(1, limit.requests); // a GUI edit in progress may say 0
        QString text = QStringLiteral("%1 per %2").arg(requests).arg(toString(limit.per));
        if (limit.burst > 0)
            text += QStringLiteral(", burst %1").arg(limit.burst);
        if (!limit.header.isEmpty())
            text += QStringLiteral(", by header %1").arg(limit.header);
        else
            text += QStringLiteral(", by client address");
        compiled.rateLimit =
            CompiledPolicy::RateLimit{std::max<std::int64_t>(1, period / requests),
                                      std::int64_t(std::max(0, limit.burst)),
                                      limit.header.trimmed().toLower().toStdString(),
                                      text.toStdString(),
                                      {}};
    }
    compiled.connectionLimit = std::max(0, policy.connectionLimit.value_or(0));
    if (policy.cors)
        compiled.cors = CompiledCors::compile(*policy.cors);
    if (policy.securityHeaders)
        compileSecurityHeaders(*policy.securityHeaders, compiled);
    return compiled;
}

} // namespace ingress
