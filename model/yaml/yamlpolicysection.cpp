#include "model/topology/referrerpolicies.h"
#include "model/yaml/yamlmap.h"
#include "model/yaml/yamlsections.h"
#include "model/yaml/yamlsupport.h"

namespace ingress::yaml {

namespace {

BasicAuth readBasicAuth(YamlContext &context, const Node *node) {
    BasicAuth auth;
    YamlMap map(context, node, QStringLiteral("basicAuth"), auth.src, {"htpasswd", "realm"},
                {"htpasswd"});
    if (!map.isValid())
        return auth;
    map.readString("htpasswd", auth.htpasswd);
    map.readString("realm", auth.realm);
    return auth;
}

ExternalAuth readExternalAuth(YamlContext &context, const Node *node) {
    ExternalAuth auth;
    YamlMap map(context, node, QStringLiteral("externalAuth"), auth.src,
                {"service", "path", "responseHeaders", "signIn"}, {"service"});
    if (!map.isValid())
        return auth;
    map.readString("service", auth.service);
    map.readString("path", auth.path);
    map.readStringList("responseHeaders", auth.responseHeaders);
    map.readString("signIn", auth.signIn);
    return auth;
}

RateLimit readRateLimit(YamlContext &context, const Node *node) {
    RateLimit limit;
    YamlMap map(context, node, QStringLiteral("rateLimit"), limit.src,
                {"requests", "per", "burst", "header"}, {"requests"});
    if (!map.isValid())
        return limit;
    map.readInt("requests", limit.requests, 1, 1000000, QStringLiteral("a count 1-1000000"));
    map.readEnum("per", limit.per, QStringLiteral("rate unit"));
    map.readInt("burst", limit.burst, 0, 1000000, QStringLiteral("a count 0-1000000"));
    map.readString("header", limit.header);
    return limit;
}

// Seconds for `max-age` fields: up to about 68 years, what a 32-bit count holds.
constexpr int maxSeconds = 2147483647;

Cors readCors(YamlContext &context, const Node *node) {
    Cors cors;
    YamlMap map(context, node, QStringLiteral("cors"), cors.src,
                {"allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders",
                 "allowCredentials", "maxAge"});
    if (!map.isValid())
        return cors;
    map.readStringList("allowOrigins", cors.allowOrigins);
    map.readStringList("allowMethods", cors.allowMethods);
    map.readStringList("allowHeaders", cors.allowHeaders);
    map.readStringList("exposeHeaders", cors.exposeHeaders);
    std::optional<bool> credentials;
    map.readBool("allowCredentials", credentials);
    cors.allowCredentials = credentials.value_or(false);
    map.readInt("maxAge", cors.maxAge, 0, maxSeconds, QStringLiteral("seconds 0-2147483647"));
    return cors;
}

// `hsts: true` is the default HSTS, `false` none (to drop the preset's), or a mapping.
std::optional<Hsts> readHsts(YamlContext &context, YamlMap &headers) {
    const Node *node = headers.value("hsts");
    if (!node || node->isNull())
        return std::nullopt;
    if (node->isScalar() && (node->textEquals("true") || node->textEquals("false")))
        return node->textEquals("true") ? std::optional<Hsts>(Hsts{}) : std::nullopt;
    Hsts hsts;
    SourceMap src;
    YamlMap map(context, node, QStringLiteral("hsts"), src,
                {"maxAge", "includeSubdomains", "preload"});
    if (!map.isValid())
        return std::nullopt;
    map.readInt("maxAge", hsts.maxAge, 0, maxSeconds, QStringLiteral("seconds 0-2147483647"));
    std::optional<bool> flag;
    map.readBool("includeSubdomains", flag);
    hsts.includeSubdomains = flag.value_or(false);
    flag.reset();
    map.readBool("preload", flag);
    hsts.preload = flag.value_or(false);
    return hsts;
}

// Reads `key` as one of `allowed` (compared without case, kept as spelt in `allowed`).
void readToken(YamlContext &context, YamlMap &map, const char *key, const QStringList &allowed,
               QString &out) {
    QString text;
    map.readString(key, text);
    if (text.isEmpty())
        return;
    for (const QString &token : allowed)
        if (token.compare(text, Qt::CaseInsensitive) == 0) {
            out = token;
            return;
        }
    context.error(rule::invalidValue, map.value(key)->location(),
                  QStringLiteral("'%1': expected one of %2, got '%3'")
                      .arg(QLatin1String(key), allowed.join(QStringLiteral(", ")), text));
}

// `securityHeaders: recommended`, or a mapping whose `preset: recommended` fills what it does
// not say itself.
SecurityHeaders readSecurityHeaders(YamlContext &context, const Node *node) {
    if (node && node->isScalar() && node->textEquals("recommended")) {
        SecurityHeaders headers = SecurityHeaders::recommended();
        headers.src.node = node->location();
        return headers;
    }
    SecurityHeaders headers;
    YamlMap map(context, node, QStringLiteral("securityHeaders"), headers.src,
                {"preset", "hsts", "noSniff", "referrerPolicy", "frameOptions"});
    if (!map.isValid())
        return headers;
    QString preset;
    map.readString("preset", preset);
    if (preset == u"recommended") {
        const SourceMap src = headers.src;
        headers = SecurityHeaders::recommended();
        headers.src = src;
    } else if (!preset.isEmpty()) {
        context.error(rule::invalidValue, map.value("preset")->location(),
                      QStringLiteral("'preset': expected recommended, got '%1'").arg(preset));
    }
    if (map.has("hsts"))
        headers.hsts = readHsts(context, map);
    std::optional<bool> noSniff;
    map.readBool("noSniff", noSniff);
    headers.noSniff = noSniff.value_or(headers.noSniff);
    readToken(context, map, "referrerPolicy", referrerPolicies(), headers.referrerPolicy);
    readToken(context, map, "frameOptions", {QStringLiteral("DENY"), QStringLiteral("SAMEORIGIN")},
              headers.frameOptions);
    return headers;
}

} // namespace

Policy readPolicy(YamlContext &context, const Node *node) {
    Policy policy;
    YamlMap map(context, node, QStringLiteral("policy"), policy.src,
                {"allow", "deny", "basicAuth", "externalAuth", "rateLimit", "connectionLimit",
                 "cors", "securityHeaders"});
    if (!map.isValid())
        return policy;
    map.readStringList("allow", policy.allow);
    map.readStringList("deny", policy.deny);
    if (map.has("basicAuth"))
        policy.basicAuth = readBasicAuth(context, map.value("basicAuth"));
    if (map.has("externalAuth"))
        policy.externalAuth = readExternalAuth(context, map.value("externalAuth"));
    if (map.has("rateLimit"))
        policy.rateLimit = readRateLimit(context, map.value("rateLimit"));
    map.readInt("connectionLimit", policy.connectionLimit, 1, 1000000,
                QStringLiteral("a count 1-1000000"));
    if (map.has("cors"))
        policy.cors = readCors(context, map.value("cors"));
    if (map.has("securityHeaders"))
        policy.securityHeaders = readSecurityHeaders(context, map.value("securityHeaders"));
    return policy;
}

} // namespace ingress::yaml
