#include "export/gatewayapiexporter.h"

#include "export/exportpolicy.h"
#include "export/exportsupport.h"
#include "export/gatewaypolicy.h"
#include "export/kubernetesobjects.h"
#include "export/stickyexport.h"
#include "export/yamlemit.h"

#include <map>
#include <yaml-cpp/yaml.h>

namespace ingress {

using namespace exportsupport;
using kubernetes::objectName;

namespace {

constexpr int kMaxPerRoute = 16; // HTTPRoute: at most 16 hostnames and 16 rules

std::string s(const QString &text) {
    return text.toStdString();
}

// Gateway API Duration: up to 5 digits per unit.
std::string gatewayDuration(Duration duration) {
    const qint64 ms = duration.count();
    if (ms % 1000 == 0 && ms / 1000 <= 99999)
        return std::to_string(ms / 1000) + "s";
    if (ms <= 99999)
        return std::to_string(ms) + "ms";
    return std::to_string((ms + 999) / 1000) + "s";
}

// GEP-1619: the cookie's name, and with a ttl a permanent cookie that lives that long.
YAML::Node sessionPersistence(const StickySession &sticky) {
    YAML::Node node;
    node["sessionName"] = s(sticky.cookie.trimmed());
    node["type"] = "Cookie";
    if (sticky.ttl)
        node["absoluteTimeout"] = gatewayDuration(*sticky.ttl);
    node["cookieConfig"]["lifetimeType"] = sticky.ttl ? "Permanent" : "Session";
    return node;
}

struct GatewayListener {
    QString name;
    int port = 0;
    bool https = false;
    QString hostname;
    QString certificate; // HTTPS: certificate name
};

// HTTPRoutes are grouped by what they attach to and what they say.
struct RouteGroup {
    QStringList sections;
    YAML::Node rules;
    QStringList hostnames;
};

class Builder {
public:
    Builder(const Topology &topology, const ExportOptions &options, ExportResult &result)
        : m_topology(topology), m_table(RoutingTable::compile(topology)), m_options(options),
          m_result(result), m_gateway(objectName(topology.name.isEmpty() ? QStringLiteral("gateway")
                                                                         : topology.name)) {}

    void build();
    void write(YAML::Emitter &out) const;

private:
    void warn(const QString &subject, const SourceLocation &where, const QString &message) {
        m_result.warnings << warnAt(subject, where, message);
    }
    YAML::Node hostRules(int hostIndex);
    YAML::Node routeRule(const VirtualHost &host, const CompiledHost &compiled, int index);
    YAML::Node redirectFilter(const CompiledRoute &route, const Listener &listener,
                              const QString &subject);
    YAML::Node backend(const Service &service) const {
        YAML::Node ref;
        ref["name"] = s(service.name);
        if (service.effectiveNamespace() != QStringLiteral("default"))
            ref["namespace"] = s(service.effectiveNamespace());
        ref["port"] = service.port;
        return ref;
    }
    void addGroup(const QStringList &sections, const YAML::Node &rules, const QString &host);
    void addDefaultRoute();

    const Topology &m_topology;
    RoutingTablePtr m_table;
    const ExportOptions &m_options;
    ExportResult &m_result;
    QString m_gateway;
    QList<GatewayListener> m_listeners;
    QList<RouteGroup> m_groups;
    std::map<std::string, int> m_groupIndex;
    QStringList m_defaultSections; // listeners that answer unknown hosts
};

void Builder::build() {
    for (const Service &service : m_topology.services)
        stickyexport::gatewayWarnings(service, m_result.warnings);
    for (const Listener &listener : m_topology.listeners) {
        const int port = listenerPort(listener);
        if (!listener.trustedProxies.isEmpty())
            warn(QStringLiteral("listener %1").arg(listener.name),
                 listener.src.at(QStringLiteral("trustedProxies")),
                 QStringLiteral("Gateway API has no setting for trusted proxies (it is the "
                                "implementation's); not exported"));
        if (listener.proxyProtocol)
            warn(QStringLiteral("listener %1").arg(listener.name),
                 listener.src.at(QStringLiteral("proxyProtocol")),
                 QStringLiteral("Gateway API has no setting for the PROXY protocol (it is the "
                                "implementation's, or the load balancer Service's); not exported"));
        if (listener.protocol == Protocol::Http) {
            m_listeners << GatewayListener{objectName(listener.name), port, false, {}, {}};
            m_defaultSections << objectName(listener.name);
            continue;
        }
        QString fallbackCertificate; // the engine's default: the first TLS host's certificate
        for (const VirtualHost &host : m_topology.hosts)
            if (fallbackCertificate.isEmpty() && servesOn(host, listener) && !host.tls.isEmpty())
                fallbackCertificate = host.tls;
        if (fallbackCertificate.isEmpty()) {
            warn(QStringLiteral("listener %1").arg(listener.name), listener.src.node,
                 QStringLiteral("HTTPS listener without any TLS host: a Gateway listener needs "
                                "a certificate; not exported"));
            continue;
        }
        for (int h = 0; h < m_topology.hosts.size(); ++h) {
            const VirtualHost &host = m_topology.hosts[h];
            // The '*' host's listener has no hostname: it takes every name no other names.
            if (servesOn(host, listener))
                m_listeners << GatewayListener{
                    objectName(QStringLiteral("%1-h%2").arg(listener.name).arg(h)), port, true,
                    host.isCatchAll() ? QString() : host.host.toLower(),
                    host.tls.isEmpty() ? fallbackCertificate : host.tls};
        }
        // Unknown names get the listener's default certificate and the default service, as in
        // the engine: a listener without hostname, which Gateway API ranks below named ones.
        // A '*' host's listener is that listener already (its rules end with the default).
        if (m_topology.findService(m_topology.defaultService) &&
            catchAllHost(m_topology, listener) < 0) {
            const QString name = objectName(QStringLiteral("%1-default").arg(listener.name));
            m_listeners << GatewayListener{name, port, true, {}, fallbackCertificate};
            m_defaultSections << name;
        }
    }
    for (int h = 0; h < m_topology.hosts.size(); ++h) {
        const VirtualHost &host = m_topology.hosts[h];
        QStringList served, redirected;
        const Listener *https = nullptr;
        for (const Listener &listener : m_topology.listeners) {
            if (!servesOn(host, listener))
                continue;
            if (listener.protocol == Protocol::Https) {
                served << objectName(QStringLiteral("%1-h%2").arg(listener.name).arg(h));
            } else if (const Listener *target = httpsRedirectTarget(m_topology, host)) {
                https = target;
                redirected << objectName(listener.name);
            } else {
                served << objectName(listener.name);
            }
        }
        // The '*' host: an HTTPRoute without hostnames (host "").
        const QString name = host.isCatchAll() ? QString() : host.host.toLower();
        if (!served.isEmpty())
            addGroup(served, hostRules(h), name);
        if (https) {
            YAML::Node rule, filter;
            filter["type"] = "RequestRedirect";
            filter["requestRedirect"]["scheme"] = "https";
            filter["requestRedirect"]["port"] = listenerPort(*https);
            filter["requestRedirect"]["statusCode"] = 301;
            rule["filters"].push_back(filter);
            YAML::Node rules;
            rules.push_back(rule);
            addGroup(redirected, rules, name);
            warn(hostSubject(host), host.src.node,
                 QStringLiteral("Gateway API redirects HTTP to HTTPS with 301 (the engine uses "
                                "308)"));
        }
    }
    addDefaultRoute();
}

// Requests for hosts the topology does not name go to the default service. An HTTPRoute without
// hostnames serves every host, below the routes that name exact or wildcard hosts.
void Builder::addDefaultRoute() {
    const Service *fallback = m_topology.findService(m_topology.defaultService);
    if (!fallback || m_defaultSections.isEmpty())
        return;
    for (const VirtualHost &host : m_topology.hosts)
        if (host.isCatchAll())
            return; // its HTTPRoute, without hostnames, ends with the default service
    YAML::Node rule, match, rules;
    match["path"]["type"] = "PathPrefix";
    match["path"]["value"] = "/";
    rule["matches"].push_back(match);
    rule["backendRefs"].push_back(backend(*fallback));
    rules.push_back(rule);
    m_groups << RouteGroup{m_defaultSections, rules, {}};
}

void Builder::addGroup(const QStringList &sections, const YAML::Node &rules, const QString &host) {
    YAML::Emitter key;
    key << rules;
    const std::string id = sections.join(u',').toStdString() + '\n' + key.c_str();
    const auto it = m_groupIndex.find(id);
    if (host.isEmpty()) { // every host: a route of its own, without hostnames
        m_groups << RouteGroup{sections, rules, {}};
        return;
    }
    if (it != m_groupIndex.end() && m_groups[it->second].hostnames.size() < kMaxPerRoute) {
        m_groups[it->second].hostnames << host;
        return;
    }
    m_groupIndex[id] = int(m_groups.size());
    m_groups << RouteGroup{sections, rules, {host}};
}

YAML::Node Builder::hostRules(int hostIndex) {
    const VirtualHost &host = m_topology.hosts[hostIndex];
    const CompiledHost &compiled = m_table->hosts()[std::size_t(hostIndex)];
    YAML::Node rules;
    bool catchAll = false;
    std::map<std::string, int> conditionalByPath;
    for (int i : precedence(compiled)) {
        const CompiledRoute &route = compiled.routes[std::size_t(i)];
        if (route.type == PathType::Prefix && route.prefixKey.empty() && isUnconditional(route))
            catchAll = true;
        if (!isUnconditional(route) &&
            ++conditionalByPath[std::to_string(int(route.type)) + route.path] == 2)
            warn(routeSubject(host, route), modelRoute(host, route).src.node,
                 QStringLiteral("Gateway API orders rules of the same path by its own "
                                "specificity (method, then number of headers), not by file "
                                "order"));
        const YAML::Node rule = routeRule(host, compiled, i);
        if (rule.size() > 0)
            rules.push_back(rule);
    }
    // The engine tries the '*' host's routes when none of this host's take a request; Gateway
    // API picks one HTTPRoute by hostname, so they are repeated here, before the default.
    for (const Listener &listener : m_topology.listeners) {
        const int every = catchAllHost(m_topology, listener);
        if (every < 0 || every == hostIndex || !servesOn(host, listener))
            continue;
        const VirtualHost &all = m_topology.hosts[every];
        const CompiledHost &allCompiled = m_table->hosts()[std::size_t(every)];
        for (int i : precedence(allCompiled)) {
            const CompiledRoute &route = allCompiled.routes[std::size_t(i)];
            if (route.type == PathType::Prefix && route.prefixKey.empty() && isUnconditional(route))
                catchAll = true;
            const YAML::Node rule = routeRule(all, allCompiled, i);
            if (rule.size() > 0)
                rules.push_back(rule);
        }
        if (!host.routes.isEmpty() && !all.routes.isEmpty())
            warn(hostSubject(host), host.src.node,
                 QStringLiteral("Gateway API ranks rules by match specificity, not order: a "
                                "route of the '*' host may take a request a less specific route "
                                "of this host would take in the engine"));
        break;
    }
    // No fall-through: the default service answers what no route of the host takes.
    const Service *fallback = m_topology.findService(m_topology.defaultService);
    if (fallback && !catchAll) {
        YAML::Node rule, match;
        match["path"]["type"] = "PathPrefix";
        match["path"]["value"] = "/";
        rule["matches"].push_back(match);
        rule["backendRefs"].push_back(backend(*fallback));
        rules.push_back(rule);
    }
    return rules;
}

YAML::Node Builder::routeRule(const VirtualHost &host, const CompiledHost &compiled, int index) {
    const CompiledRoute &cr = compiled.routes[std::size_t(index)];
    const Route &route = modelRoute(host, cr);
    const QString subject = routeSubject(host, cr);
    YAML::Node rule;
    YAML::Node path;
    switch (cr.type) {
    case PathType::Exact:
        path["type"] = "Exact";
        path["value"] = cr.path;
        break;
    case PathType::Prefix:
        path["type"] = "PathPrefix";
        path["value"] = cr.prefixKey.empty() ? std::string("/") : cr.prefixKey;
        break;
    case PathType::Regex:
        path["type"] = "RegularExpression";
        path["value"] = cr.path;
        warn(subject, route.src.node,
             QStringLiteral("RegularExpression path matches are implementation-specific (regex "
                            "dialect, anchoring, precedence)"));
        break;
    }
    // The names as written: the compiled ones are lower case for matching.
    const auto valueMatches = [](const QList<HeaderMatch> &list) {
        YAML::Node nodes;
        for (const HeaderMatch &m : list) {
            YAML::Node n;
            n["type"] = m.type == ValueMatch::RegularExpression ? "RegularExpression" : "Exact";
            n["name"] = s(m.name);
            n["value"] = s(m.value);
            nodes.push_back(n);
        }
        return nodes;
    };
    const YAML::Node headers = valueMatches(route.matches[cr.match].headers);
    const YAML::Node queryParams = valueMatches(route.matches[cr.match].queryParams);
    // One match per method: matches are ORed, conditions within a match ANDed.
    const std::vector<std::string> methods =
        cr.methods.empty() ? std::vector<std::string>{std::string()} : cr.methods;
    for (const std::string &method : methods) {
        YAML::Node match;
        match["path"] = path;
        if (headers.size() > 0)
            match["headers"] = headers;
        if (queryParams.size() > 0)
            match["queryParams"] = queryParams;
        if (!method.empty())
            match["method"] = method;
        rule["matches"].push_back(match);
    }
    auto modifier = [&](const char *type, const char *field, const HeaderFilter &f) {
        if (f.isEmpty())
            return;
        YAML::Node filter;
        filter["type"] = type;
        for (const HeaderValue &h : f.set) {
            YAML::Node v;
            v["name"] = s(h.name);
            v["value"] = s(h.value);
            filter[field]["set"].push_back(v);
        }
        for (const HeaderValue &h : f.add) {
            YAML::Node v;
            v["name"] = s(h.name);
            v["value"] = s(h.value);
            filter[field]["add"].push_back(v);
        }
        for (const QString &name : f.remove)
            filter[field]["remove"].push_back(s(name));
        rule["filters"].push_back(filter);
    };
    gatewayapi::RulePolicy rulePolicy(m_topology, m_result.warnings);
    const auto policy = exportpolicy::routePolicy(m_topology, compiled.index, cr);
    if (policy) {
        if (const YAML::Node cors = rulePolicy.corsFilter(*policy);
            cors.IsDefined() && !cors.IsNull())
            rule["filters"].push_back(cors);
        rulePolicy.reportChecks(*policy);
    }
    // The route's response headers with the policy's security headers set over them.
    const HeaderFilter responseHeaders =
        policy ? rulePolicy.responseHeaders(route.responseHeaders, *policy) : route.responseHeaders;
    if (cr.redirect) {
        rule["filters"].push_back(redirectFilter(
            cr, m_topology.listeners.isEmpty() ? Listener{} : m_topology.listeners.first(),
            subject));
        if (policy)
            modifier("ResponseHeaderModifier", "responseHeaderModifier",
                     rulePolicy.responseHeaders({}, *policy));
        return rule;
    }
    // One URLRewrite filter per rule: path and hostname together.
    YAML::Node urlRewrite;
    if (!route.rewriteHost.isEmpty())
        urlRewrite["hostname"] = s(route.rewriteHost);
    if (route.rewritePath) {
        urlRewrite["path"]["type"] = "ReplaceFullPath";
        urlRewrite["path"]["replaceFullPath"] =
            s(route.rewritePath->isEmpty() ? QStringLiteral("/") : *route.rewritePath);
    }
    if (route.rewritePrefix) {
        if (cr.type == PathType::Prefix) {
            urlRewrite["path"]["type"] = "ReplacePrefixMatch";
            urlRewrite["path"]["replacePrefixMatch"] =
                s(route.rewritePrefix->isEmpty() ? QStringLiteral("/") : *route.rewritePrefix);
        } else if (cr.type == PathType::Exact) {
            urlRewrite["path"]["type"] = "ReplaceFullPath";
            urlRewrite["path"]["replaceFullPath"] = s(pathReplacement(*route.rewritePrefix).whole);
        } else {
            warn(subject, route.src.at(QStringLiteral("rewritePrefix")),
                 QStringLiteral("Gateway API cannot rewrite the part a regex matched; not "
                                "exported"));
        }
    }
    if (urlRewrite.size() > 0) {
        YAML::Node filter;
        filter["type"] = "URLRewrite";
        filter["urlRewrite"] = urlRewrite;
        rule["filters"].push_back(filter);
    }
    modifier("RequestHeaderModifier", "requestHeaderModifier", route.requestHeaders);
    modifier("ResponseHeaderModifier", "responseHeaderModifier", responseHeaders);
    for (const RouteMirror &mirror : route.mirrors) {
        const Service *service = m_topology.findService(mirror.service);
        if (!service) {
            warn(subject, mirror.src.node,
                 QStringLiteral("no service '%1'; the mirror is not exported").arg(mirror.service));
            continue;
        }
        YAML::Node filter;
        filter["type"] = "RequestMirror";
        filter["requestMirror"]["backendRef"] = backend(*service);
        if (mirror.percent < 100)
            filter["requestMirror"]["percent"] = mirror.percent;
        rule["filters"].push_back(filter);
    }
    if (route.respond)
        warn(subject, route.src.at(QStringLiteral("respond")),
             QStringLiteral("Gateway API has no direct response (respond %1); not exported")
                 .arg(route.respond->status));
    if (route.maxBodySize)
        warn(subject, route.src.at(QStringLiteral("maxBodySize")),
             QStringLiteral("Gateway API has no request body limit; not exported"));
    if (route.timeout)
        rule["timeouts"]["request"] = gatewayDuration(*route.timeout);
    if (const auto sticky = stickyexport::ruleSession(
            m_topology, route, [&](const QString &m) { warn(subject, route.src.node, m); }))
        rule["sessionPersistence"] = sessionPersistence(*sticky);
    if (!route.backends.isEmpty()) {
        // A split is what backendRefs[].weight is for; weight 0 is valid Gateway API (drained).
        for (const RouteBackend &b : route.backends) {
            const Service *service = m_topology.findService(b.service);
            if (!service) {
                warn(subject, b.src.node,
                     QStringLiteral("no service '%1'; left out of the split").arg(b.service));
                continue;
            }
            YAML::Node ref = backend(*service);
            ref["weight"] = b.weight;
            rule["backendRefs"].push_back(ref);
        }
        return rule;
    }
    const Service *service = m_topology.findService(route.service);
    if (!service) {
        warn(subject, route.src.node,
             QStringLiteral("no service '%1'; the rule has no backend (500)").arg(route.service));
        return rule;
    }
    rule["backendRefs"].push_back(backend(*service));
    return rule;
}

YAML::Node Builder::redirectFilter(const CompiledRoute &route, const Listener &listener,
                                   const QString &subject) {
    const Redirect &r = *route.redirect;
    const RedirectPlan plan = planRedirect(route, listener);
    YAML::Node filter;
    filter["type"] = "RequestRedirect";
    YAML::Node redirect;
    if (!r.scheme.isEmpty())
        redirect["scheme"] = s(r.scheme.toLower());
    if (!r.host.isEmpty())
        redirect["hostname"] = s(r.host);
    if (r.port)
        redirect["port"] = *r.port;
    switch (plan.mode) {
    case RedirectPlan::PathMode::Request:
        break;
    case RedirectPlan::PathMode::Fixed:
        redirect["path"]["type"] = "ReplaceFullPath";
        redirect["path"]["replaceFullPath"] = s(plan.path);
        break;
    case RedirectPlan::PathMode::ReplaceMatch:
        if (route.type == PathType::Prefix) {
            redirect["path"]["type"] = "ReplacePrefixMatch";
            redirect["path"]["replacePrefixMatch"] = s(r.prefixPath);
        } else {
            warn(subject, r.src.at(QStringLiteral("prefixPath")),
                 QStringLiteral("Gateway API cannot replace the part a regex matched; the "
                                "redirect keeps the request path"));
        }
        break;
    }
    int code = r.code;
    if (code != 301 && code != 302) {
        code = (code == 308) ? 301 : 302;
        warn(subject, r.src.at(QStringLiteral("code")),
             QStringLiteral("Gateway API v1 redirects with 301 or 302 only; %1 becomes %2")
                 .arg(r.code)
                 .arg(code));
    }
    redirect["statusCode"] = code;
    if (!r.port && r.scheme.isEmpty())
        warn(subject, r.src.node,
             QStringLiteral("a Gateway keeps the listener's port where the engine keeps the "
                            "port of the Host header; they differ only behind port mapping"));
    filter["requestRedirect"] = redirect;
    return filter;
}

void Builder::write(YAML::Emitter &out) const {
    const QString nameSpace = QStringLiteral("default");
    out << YAML::BeginDoc << YAML::BeginMap;
    out << YAML::Key << "apiVersion" << YAML::Value << "gateway.networking.k8s.io/v1";
    out << YAML::Key << "kind" << YAML::Value << "Gateway";
    kubernetes::metadata(out, m_gateway, nameSpace);
    out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "gatewayClassName" << YAML::Value << s(m_options.gatewayClassName);
    out << YAML::Key << "listeners" << YAML::Value << YAML::BeginSeq;
    for (const GatewayListener &l : m_listeners) {
        out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << s(l.name);
        if (!l.hostname.isEmpty())
            out << YAML::Key << "hostname" << YAML::Value << s(l.hostname);
        out << YAML::Key << "port" << YAML::Value << l.port;
        out << YAML::Key << "protocol" << YAML::Value << (l.https ? "HTTPS" : "HTTP");
        if (l.https) {
            out << YAML::Key << "tls" << YAML::Value << YAML::BeginMap << YAML::Key << "mode"
                << YAML::Value << "Terminate" << YAML::Key << "certificateRefs" << YAML::Value
                << YAML::BeginSeq << YAML::BeginMap << YAML::Key << "kind" << YAML::Value
                << "Secret";
            // A certificate the cluster holds names its own Secret, perhaps in another namespace.
            const Certificate *certificate = m_topology.findCertificate(l.certificate);
            out << YAML::Key << "name" << YAML::Value
                << s(objectName(certificate ? certificate->secretName() : l.certificate));
            if (certificate && !certificate->secretNamespace().isEmpty())
                out << YAML::Key << "namespace" << YAML::Value << s(certificate->secretNamespace());
            out << YAML::EndMap << YAML::EndSeq << YAML::EndMap;
        }
        out << YAML::Key << "allowedRoutes" << YAML::Value << YAML::BeginMap << YAML::Key
            << "namespaces" << YAML::Value << YAML::BeginMap << YAML::Key << "from" << YAML::Value
            << "All" << YAML::EndMap << YAML::EndMap;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap << YAML::EndMap;

    int n = 0;
    for (const RouteGroup &group : m_groups) {
        for (std::size_t first = 0; first == 0 || first < group.rules.size();
             first += kMaxPerRoute) {
            out << YAML::BeginDoc << YAML::BeginMap;
            out << YAML::Key << "apiVersion" << YAML::Value << "gateway.networking.k8s.io/v1";
            out << YAML::Key << "kind" << YAML::Value << "HTTPRoute";
            kubernetes::metadata(out, QStringLiteral("%1-%2").arg(m_gateway).arg(++n), nameSpace);
            out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
            out << YAML::Key << "parentRefs" << YAML::Value << YAML::BeginSeq;
            for (const QString &section : group.sections)
                out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << s(m_gateway)
                    << YAML::Key << "sectionName" << YAML::Value << s(section) << YAML::EndMap;
            out << YAML::EndSeq;
            if (!group.hostnames.isEmpty()) {
                out << YAML::Key << "hostnames" << YAML::Value << YAML::BeginSeq;
                for (const QString &host : group.hostnames)
                    out << s(host);
                out << YAML::EndSeq;
            }
            out << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
            for (std::size_t i = first; i < std::min(group.rules.size(), first + kMaxPerRoute); ++i)
                yamlemit::emit(
                    out, group.rules[i],
                    {"port", "weight", "statusCode", "percent", "allowCredentials", "maxAge"});
            out << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
            if (group.rules.size() == 0)
                break;
        }
    }
    kubernetes::writeServices(out, m_topology, m_result.warnings);
    QList<CertificateFiles> certificates =
        readCertificates(m_topology, m_options, m_result.warnings, true);
    for (const CertificateFiles &files : certificates) {
        if (files.inCluster)
            continue; // the cluster has it already
        kubernetes::writeTlsSecret(out, files, nameSpace, m_options.includeSecrets);
        m_result.mainTextHasSecrets |= m_options.includeSecrets && !files.keyPem.isEmpty();
    }
}

} // namespace

ExportResult GatewayApiExporter::exportTopology(const Topology &topology,
                                                const ExportOptions &options) const {
    ExportResult result;
    result.mainFileName = QStringLiteral("gateway.yaml");
    Builder builder(topology, options, result);
    builder.build();
    YAML::Emitter out;
    builder.write(out);
    result.mainText = QByteArray(out.c_str()) + '\n';
    return result;
}

} // namespace ingress
