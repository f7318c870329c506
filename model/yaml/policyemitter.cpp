#include "model/yaml/policyemitter.h"

#include "model/topology/enums.h"

#include <yaml-cpp/yaml.h>

namespace ingress::yaml {

void PolicyEmitter::policy(const Policy &p) {
    if (p.isEmpty())
        return;
    key("policy");
    m_out << YAML::BeginMap;
    flowList("allow", p.allow);
    flowList("deny", p.deny);
    if (p.basicAuth) {
        key("basicAuth");
        m_out << YAML::BeginMap;
        field("htpasswd", p.basicAuth->htpasswd);
        optionalField("realm", p.basicAuth->realm);
        m_out << YAML::EndMap;
    }
    if (p.externalAuth)
        externalAuth(*p.externalAuth);
    if (p.rateLimit) {
        key("rateLimit");
        m_out << YAML::BeginMap;
        field("requests", p.rateLimit->requests);
        field("per", toString(p.rateLimit->per));
        if (p.rateLimit->burst)
            field("burst", p.rateLimit->burst);
        optionalField("header", p.rateLimit->header);
        m_out << YAML::EndMap;
    }
    if (p.connectionLimit)
        field("connectionLimit", *p.connectionLimit);
    if (p.cors)
        cors(*p.cors);
    if (p.securityHeaders)
        securityHeaders(*p.securityHeaders);
    m_out << YAML::EndMap;
}

void PolicyEmitter::externalAuth(const ExternalAuth &a) {
    key("externalAuth");
    m_out << YAML::BeginMap;
    field("service", a.service);
    if (a.path != QLatin1String("/"))
        field("path", a.path);
    flowList("responseHeaders", a.responseHeaders);
    optionalField("signIn", a.signIn);
    m_out << YAML::EndMap;
}

void PolicyEmitter::cors(const Cors &c) {
    key("cors");
    m_out << YAML::BeginMap;
    // Always written: absent means "*", and an empty list (no origin) must stay empty.
    key("allowOrigins");
    m_out << YAML::Flow << YAML::BeginSeq;
    for (const QString &origin : c.allowOrigins)
        text(origin);
    m_out << YAML::EndSeq;
    flowList("allowMethods", c.allowMethods);
    flowList("allowHeaders", c.allowHeaders);
    flowList("exposeHeaders", c.exposeHeaders);
    if (c.allowCredentials) {
        flag("allowCredentials");
    }
    if (c.maxAge)
        field("maxAge", *c.maxAge);
    m_out << YAML::EndMap;
}

// The preset's name while nothing differs from it, as people write it.
void PolicyEmitter::securityHeaders(const SecurityHeaders &h) {
    key("securityHeaders");
    if (h.isRecommended()) {
        m_out << "recommended";
        return;
    }
    m_out << YAML::BeginMap;
    if (h.hsts) {
        key("hsts");
        m_out << YAML::BeginMap;
        field("maxAge", h.hsts->maxAge);
        if (h.hsts->includeSubdomains) {
            flag("includeSubdomains");
        }
        if (h.hsts->preload) {
            flag("preload");
        }
        m_out << YAML::EndMap;
    }
    if (h.noSniff) {
        flag("noSniff");
    }
    optionalField("referrerPolicy", h.referrerPolicy);
    optionalField("frameOptions", h.frameOptions);
    m_out << YAML::EndMap;
}

} // namespace ingress::yaml
