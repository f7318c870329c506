#include "export/traefikpolicy.h"

#include "export/exportsupport.h"

namespace ingress::traefik {

using exportpolicy::Part;
using exportpolicy::RoutePolicy;

namespace {

std::string s(const QString &text) {
    return text.toStdString();
}

std::vector<IpBlock> trustedProxies(const Listener &listener) {
    std::vector<IpBlock> proxies;
    for (const QString &text : listener.trustedProxies)
        if (const auto block = IpBlock::parse(text.trimmed().toStdString()))
            proxies.push_back(*block);
    return proxies;
}

// Who the client is: the connection's peer (depth 0), or with trusted proxies the last
// X-Forwarded-For entry that is not one of them.
YAML::Node ipStrategy(const Listener &listener) {
    YAML::Node strategy;
    const std::vector<IpBlock> proxies = trustedProxies(listener);
    if (proxies.empty()) {
        strategy["depth"] = "0";
        return strategy;
    }
    for (const QString &block : exportpolicy::cidrTexts(proxies))
        strategy["excludedIPs"].push_back(s(block));
    return strategy;
}

// Traefik makes a middleware per router: a host's limit is counted per route there.
void reportSharedLimit(const Topology &topology, const RoutePolicy &policy, Part part,
                       QList<ExportWarning> &warnings) {
    if (policy.fromRoute[int(part)])
        return;
    const VirtualHost &host = topology.hosts[policy.hostIndex];
    qsizetype matches = 0;
    for (const Route &route : host.routes)
        matches += route.matches.size();
    if (matches > 1)
        exportpolicy::reportPart(warnings, policy, part,
                                 QStringLiteral("Traefik keeps the state of %1 per router: each "
                                                "route of the host counts on its own, where the "
                                                "engine counts the host's routes together")
                                     .arg(exportpolicy::partName(part)));
}

} // namespace

QString entryPointForwardedHeaders(const Listener &listener) {
    const std::vector<IpBlock> proxies = trustedProxies(listener);
    // Every peer may send the PROXY header, as with the engine: the listener is the balancer's.
    QString out =
        listener.proxyProtocol ? QStringLiteral(", proxyProtocol: {insecure: true}") : QString();
    if (proxies.empty())
        return out;
    return out + QStringLiteral(", forwardedHeaders: {trustedIPs: [%1]}")
                     .arg(exportpolicy::cidrTexts(proxies).join(QStringLiteral(", ")));
}

std::optional<PolicyMiddleware> browserMiddleware(const RoutePolicy &policy,
                                                  QList<ExportWarning> &warnings) {
    YAML::Node headers;
    if (policy.cors) {
        const CompiledCors &cors = *policy.cors;
        const QStringList origins = exportpolicy::corsOriginRegexes(cors);
        if (!origins.isEmpty()) {
            if (cors.anyOrigin)
                headers["accessControlAllowOriginList"].push_back("*");
            else // regexes: Traefik compares the list's origins with case
                for (const QString &pattern : origins)
                    headers["accessControlAllowOriginListRegex"].push_back(
                        s(QStringLiteral("(?i)") + pattern));
            for (const QString &method : QString::fromStdString(cors.methods).split(u','))
                headers["accessControlAllowMethods"].push_back(s(method.trimmed()));
            for (const QString &name : QString::fromStdString(cors.headers).split(u','))
                headers["accessControlAllowHeaders"].push_back(s(name.trimmed()));
            if (!cors.expose.empty())
                for (const QString &name : QString::fromStdString(cors.expose).split(u','))
                    headers["accessControlExposeHeaders"].push_back(s(name.trimmed()));
            if (cors.credentials)
                headers["accessControlAllowCredentials"] = true;
            headers["accessControlMaxAge"] = std::stoll(cors.maxAge);
            headers["addVaryHeader"] = true;
            exportpolicy::reportPart(
                warnings, policy, Part::Cors,
                QStringLiteral("Traefik answers every preflight itself, with 200 and the CORS "
                               "fields for allowed origins only; the engine answers 204 and "
                               "passes preflights from other origins to the backend"));
        }
    }
    if (!policy.hsts.isEmpty()) {
        // Sent on TLS connections only unless forceSTSHeader, as in the engine.
        const Hsts hsts = *policy.policy.securityHeaders->hsts;
        headers["stsSeconds"] = hsts.maxAge;
        if (hsts.includeSubdomains)
            headers["stsIncludeSubdomains"] = true;
        if (hsts.preload)
            headers["stsPreload"] = true;
    }
    if (const auto &security = policy.policy.securityHeaders) {
        if (security->noSniff)
            headers["contentTypeNosniff"] = true;
        if (!security->referrerPolicy.isEmpty())
            headers["referrerPolicy"] = s(security->referrerPolicy);
        if (!security->frameOptions.isEmpty())
            headers["customFrameOptionsValue"] = s(security->frameOptions);
    }
    if (headers.size() == 0)
        return std::nullopt;
    YAML::Node spec;
    spec["headers"] = headers;
    return PolicyMiddleware{QStringLiteral("-browser"), spec};
}

namespace {

// forwardAuth asks one address: the service's first endpoint (a middleware cannot name a
// Traefik service). Traefik returns a refusal as the auth service gave it, as the engine does.
PolicyMiddleware forwardAuth(const exportpolicy::AuthRequest &auth, const RoutePolicy &policy,
                             QList<ExportWarning> &warnings) {
    YAML::Node spec;
    if (!auth.service || auth.service->endpoints.isEmpty()) {
        // Nothing to ask: the engine answers 500, and so does Traefik for an address it
        // cannot reach (a port nobody listens on).
        spec["forwardAuth"]["address"] = "http://127.0.0.1:0/";
        exportpolicy::reportPart(warnings, policy, Part::ExternalAuth,
                                 QStringLiteral("service '%1' has no endpoints: forwardAuth "
                                                "asks an address nobody answers, which refuses "
                                                "every request")
                                     .arg(auth.serviceName));
    } else {
        spec["forwardAuth"]["address"] = s(
            QStringLiteral("http://%1%2").arg(auth.service->endpoints.first().address, auth.path));
        if (auth.service->endpoints.size() > 1)
            exportpolicy::reportPart(
                warnings, policy, Part::ExternalAuth,
                QStringLiteral("Traefik's forwardAuth asks one address: "
                               "only service '%1''s first endpoint %2 "
                               "(no balancing, no health checks)")
                    .arg(auth.serviceName, auth.service->endpoints.first().address));
    }
    // The client's X-Forwarded-* are not believed; Traefik sets its own.
    spec["forwardAuth"]["trustForwardHeader"] = false;
    for (const QString &header : auth.responseHeaders)
        spec["forwardAuth"]["authResponseHeaders"].push_back(s(header));
    if (!auth.signIn.isEmpty())
        exportpolicy::reportPart(warnings, policy, Part::ExternalAuth,
                                 QStringLiteral("Traefik's forwardAuth has no sign-in page: a "
                                                "401 goes back to the client as it came, not as "
                                                "a redirect to %1")
                                     .arg(auth.signIn));
    exportpolicy::reportPart(warnings, policy, Part::ExternalAuth,
                             QStringLiteral("Traefik sends the auth service X-Forwarded-Method, "
                                            "-Proto, -Host, -Uri and -For, not ingress-nginx's "
                                            "X-Original-URL and X-Original-Method"));
    return PolicyMiddleware{QStringLiteral("-extauth"), spec};
}

} // namespace

QList<PolicyMiddleware> policyMiddlewares(const Topology &topology, const RoutePolicy &policy,
                                          const Listener &listener,
                                          QList<ExportWarning> &warnings) {
    QList<PolicyMiddleware> result;
    const Policy &p = policy.policy;
    const bool behindProxies = !trustedProxies(listener).empty();
    auto reportDirectClients = [&](Part part) {
        if (behindProxies)
            exportpolicy::reportPart(
                warnings, policy, part,
                QStringLiteral("Traefik reads the client from X-Forwarded-For alone "
                               "(ipStrategy.excludedIPs) on listener %1: a client that connects "
                               "directly, not through a trusted proxy, is not told apart there")
                    .arg(listener.name));
    };
    if (p.connectionLimit) {
        YAML::Node spec;
        spec["inFlightReq"]["amount"] = std::to_string(*p.connectionLimit);
        // Without a source criterion Traefik would count per requested host.
        spec["inFlightReq"]["sourceCriterion"]["ipStrategy"] = ipStrategy(listener);
        result << PolicyMiddleware{QStringLiteral("-conn"), spec};
        reportDirectClients(Part::ConnectionLimit);
        reportSharedLimit(topology, policy, Part::ConnectionLimit, warnings);
    }
    if (p.rateLimit) {
        const RateLimit &limit = *p.rateLimit;
        YAML::Node spec;
        spec["rateLimit"]["average"] = std::to_string(limit.requests);
        spec["rateLimit"]["period"] = limit.per == RateUnit::Minute ? "1m" : "1s";
        // Traefik's burst is the whole bucket; the engine's is what comes on top of one.
        spec["rateLimit"]["burst"] = std::to_string(limit.burst + 1);
        if (!limit.header.trimmed().isEmpty()) {
            spec["rateLimit"]["sourceCriterion"]["requestHeaderName"] = s(limit.header.trimmed());
            exportpolicy::reportPart(warnings, policy, Part::RateLimit,
                                     QStringLiteral("Traefik counts requests without the %1 "
                                                    "header together (one key, the empty "
                                                    "value), not per client address")
                                         .arg(limit.header.trimmed()));
        } else {
            spec["rateLimit"]["sourceCriterion"]["ipStrategy"] = ipStrategy(listener);
            reportDirectClients(Part::RateLimit);
        }
        result << PolicyMiddleware{QStringLiteral("-rate"), spec};
        reportSharedLimit(topology, policy, Part::RateLimit, warnings);
    }
    if (policy.has(Part::Access)) {
        // Traefik has an allow list only: deny-then-allow is the allowed blocks with the denied
        // ones cut out, which CIDR blocks can always say.
        QStringList range = exportpolicy::allowedOnly(policy.allow, policy.deny);
        if (range.isEmpty())
            range << QStringLiteral("::/128"); // every address is denied: nobody connects from it
        YAML::Node spec;
        for (const QString &block : range)
            spec["ipAllowList"]["sourceRange"].push_back(s(block));
        if (behindProxies)
            spec["ipAllowList"]["ipStrategy"] = ipStrategy(listener);
        result << PolicyMiddleware{QStringLiteral("-access"), spec};
        reportDirectClients(Part::Access);
    }
    if (p.basicAuth) {
        // Traefik reads the file itself; it knows bcrypt, Apache MD5 and {SHA}, not SHA-crypt.
        const exportpolicy::HtpasswdUsers file = exportpolicy::readHtpasswd(policy.htpasswdPath);
        if (!file.error.isEmpty())
            exportpolicy::reportPart(warnings, policy, Part::BasicAuth,
                                     QStringLiteral("%1; Traefik refuses the router's requests "
                                                    "until it can read the file")
                                         .arg(file.error));
        for (const auto &[user, hash] : file.users)
            if (exportpolicy::isShaCrypt(hash))
                exportpolicy::reportPart(warnings, policy, Part::BasicAuth,
                                         QStringLiteral("Traefik's basicAuth knows bcrypt, Apache "
                                                        "MD5 and {SHA}, not SHA-crypt: user '%1' "
                                                        "cannot log in there")
                                             .arg(user));
        YAML::Node spec;
        spec["basicAuth"]["usersFile"] = s(policy.htpasswdPath);
        spec["basicAuth"]["realm"] = s(policy.realm);
        result << PolicyMiddleware{QStringLiteral("-auth"), spec};
    }
    if (const auto &auth = policy.externalAuth)
        result << forwardAuth(*auth, policy, warnings);
    return result;
}

} // namespace ingress::traefik
