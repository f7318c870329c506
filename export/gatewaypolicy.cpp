#include "export/gatewaypolicy.h"

#include "export/exportsupport.h"

namespace ingress::gatewayapi {

using exportpolicy::Part;
using exportpolicy::RoutePolicy;

namespace {

std::string s(const QString &text) {
    return text.toStdString();
}

// HTTPMethodWithWildcard: what the CORS filter's allowMethods may name (at most 9).
bool isGatewayMethod(const QString &method) {
    static const QStringList methods{QStringLiteral("GET"),     QStringLiteral("HEAD"),
                                     QStringLiteral("POST"),    QStringLiteral("PUT"),
                                     QStringLiteral("DELETE"),  QStringLiteral("CONNECT"),
                                     QStringLiteral("OPTIONS"), QStringLiteral("TRACE"),
                                     QStringLiteral("PATCH"),   QStringLiteral("*")};
    return methods.contains(method);
}

QStringList listOf(const std::string &joined) {
    QStringList items;
    for (const QString &item : QString::fromStdString(joined).split(u','))
        if (!item.trimmed().isEmpty())
            items << item.trimmed();
    return items;
}

} // namespace

YAML::Node RulePolicy::corsFilter(const RoutePolicy &policy) {
    if (!policy.cors || exportpolicy::corsOriginRegex(*policy.cors).isEmpty())
        return {};
    const CompiledCors &cors = *policy.cors;
    YAML::Node spec;
    if (cors.anyOrigin) {
        spec["allowOrigins"].push_back("*");
    } else {
        // Gateway API's '*' in a host is greedy to the left, one label or more before the
        // dot: the engine's wildcard.
        for (const std::string &origin : cors.origins)
            spec["allowOrigins"].push_back(origin);
        for (const auto &[scheme, suffix] : cors.wildcards)
            spec["allowOrigins"].push_back(scheme + "*" + suffix);
    }
    QStringList dropped;
    for (const QString &method : listOf(cors.methods)) {
        if (isGatewayMethod(method) && spec["allowMethods"].size() < 9)
            spec["allowMethods"].push_back(s(method));
        else
            dropped << method;
    }
    if (!dropped.isEmpty())
        exportpolicy::reportPart(m_warnings, policy, Part::Cors,
                                 QStringLiteral("the CORS filter names at most 9 of the standard "
                                                "methods; %1 left out")
                                     .arg(dropped.join(QStringLiteral(", "))));
    for (const QString &name : listOf(cors.headers))
        spec["allowHeaders"].push_back(s(name));
    for (const QString &name : listOf(cors.expose))
        spec["exposeHeaders"].push_back(s(name));
    if (cors.credentials)
        spec["allowCredentials"] = true;
    spec["maxAge"] = std::max(1, std::stoi(cors.maxAge));
    exportpolicy::reportPart(m_warnings, policy, Part::Cors,
                             QStringLiteral("the CORS filter is Gateway API v1.3's experimental "
                                            "channel (Extended support); a preflight from an "
                                            "origin not allowed is answered by the gateway, not "
                                            "passed to the backend as the engine does"));
    YAML::Node filter;
    filter["type"] = "CORS";
    filter["cors"] = spec;
    return filter;
}

HeaderFilter RulePolicy::responseHeaders(const HeaderFilter &own, const RoutePolicy &policy) {
    QList<std::pair<QString, QString>> fields = policy.securityHeaders;
    if (!policy.hsts.isEmpty()) {
        fields.append({QStringLiteral("Strict-Transport-Security"), policy.hsts});
        // A route's filters hold for every listener it attaches to.
        const VirtualHost &host = m_topology.hosts[policy.hostIndex];
        for (const Listener &listener : m_topology.listeners)
            if (listener.protocol == Protocol::Http && exportsupport::servesOn(host, listener)) {
                exportpolicy::reportPart(
                    m_warnings, policy, Part::SecurityHeaders,
                    QStringLiteral("Strict-Transport-Security is sent over HTTP listener %1 too "
                                   "(a rule's filters hold for every listener its route attaches "
                                   "to; the engine sends it on TLS connections only; browsers "
                                   "ignore it over HTTP)")
                        .arg(listener.name));
                break;
            }
    }
    HeaderFilter merged = own;
    for (const auto &[name, value] : fields) {
        // The policy's field replaces the route's own use of the name (one entry per name).
        const auto same = [&](const QString &other) {
            return other.compare(name, Qt::CaseInsensitive) == 0;
        };
        merged.set.removeIf([&](const HeaderValue &h) { return same(h.name); });
        merged.add.removeIf([&](const HeaderValue &h) { return same(h.name); });
        merged.remove.removeIf(same);
        merged.set.append(HeaderValue{name, value});
    }
    return merged;
}

void RulePolicy::reportChecks(const RoutePolicy &policy) {
    QList<Part> parts = exportpolicy::checkParts();
    parts.removeAll(Part::ExternalAuth);
    exportpolicy::reportEachPart(m_warnings, policy,
                                 QStringLiteral("Gateway API has no core filter for %1 (only "
                                                "implementation-specific policies); not "
                                                "exported"),
                                 parts);
    if (policy.has(Part::ExternalAuth))
        exportpolicy::reportPart(m_warnings, policy, Part::ExternalAuth,
                                 QStringLiteral("Gateway API v1.2 has no filter for external "
                                                "auth (v1.3's experimental ExternalAuth filter "
                                                "asks with the request's method at its path "
                                                "under a prefix, not a GET for one path; Envoy "
                                                "Gateway has a SecurityPolicy); not exported: "
                                                "the requests are not checked"));
}

} // namespace ingress::gatewayapi
