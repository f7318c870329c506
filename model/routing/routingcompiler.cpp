// RoutingTable::compile: Topology -> immutable lookup structures. Robust on documents with
// errors (the GUI compiles while the user types): unknown names resolve to -1, unparsable
// endpoints and invalid regexes are left out, and none of it throws.
#include "model/routing/pathmatch.h"
#include "model/routing/routingtable.h"
#include "model/topology/hostname.h"

#include <algorithm>
#include <QCryptographicHash>
#include <QHash>
#include <tuple>

namespace ingress {

namespace {

constexpr Duration defaultConnectTimeout{5000};
constexpr Duration defaultResponseTimeout{60000};
constexpr Duration defaultIdleTimeout{60000};

// Name -> position, first of a name wins (as Topology::find* do). A hash, not a scan per
// reference: 30,000 routes naming 1,000 services must not cost 30 million comparisons.
class NameIndex {
public:
    template <typename T> explicit NameIndex(const QList<T> &items) {
        m_index.reserve(items.size());
        for (qsizetype i = 0; i < items.size(); ++i)
            if (!items[i].name.isEmpty() && !m_index.contains(items[i].name))
                m_index.insert(items[i].name, int(i));
    }
    int operator()(const QString &name) const { return m_index.value(name, -1); }

private:
    QHash<QString, int> m_index;
};

struct Names {
    NameIndex services, certificates, listeners;
};

std::string stickyToken(const Service &service, const QString &address) {
    const QByteArray digest = QCryptographicHash::hash(
        (service.effectiveNamespace() + u'/' + service.name + u'/' + address).toUtf8(),
        QCryptographicHash::Sha256);
    return digest.left(8).toHex().toStdString();
}

CompiledService compileService(const Service &service, int index) {
    CompiledService compiled;
    compiled.index = index;
    compiled.name = service.name.toStdString();
    compiled.nameSpace = service.nameSpace.toStdString();
    compiled.type = service.type;
    compiled.policy = service.loadBalancing;
    compiled.healthCheck = service.healthCheck;
    compiled.connectTimeout = service.timeouts.connect.value_or(defaultConnectTimeout);
    compiled.responseTimeout = service.timeouts.response.value_or(defaultResponseTimeout);
    compiled.idleTimeout = service.timeouts.idle.value_or(defaultIdleTimeout);
    for (qsizetype i = 0; i < service.endpoints.size(); ++i) {
        const Endpoint &endpoint = service.endpoints[i];
        const auto parsed = hostname::parseHostPort(endpoint.address);
        // An endpoint that cannot be dialled is left out; `index` keeps the document position.
        if (!parsed || parsed->host.isEmpty())
            continue;
        compiled.endpoints.push_back({int(i),
                                      endpoint.address.toStdString(),
                                      parsed->host.toStdString(),
                                      std::uint16_t(parsed->port),
                                      std::max(0, endpoint.weight),
                                      {}});
        if (service.stickySession)
            compiled.endpoints.back().stickyToken =
                stickyToken(service, endpoint.address.trimmed());
    }
    if (service.stickySession) {
        std::string attributes = "; Path=/; HttpOnly";
        if (const auto &ttl = service.stickySession->ttl)
            attributes += "; Max-Age=" + std::to_string(std::max<qint64>(1, ttl->count() / 1000));
        compiled.sticky = CompiledService::Sticky{
            service.stickySession->cookie.trimmed().toStdString(), std::move(attributes)};
    }
    return compiled;
}

CompiledValueMatch compileValueMatch(const HeaderMatch &match, bool lowerName) {
    CompiledValueMatch compiled;
    const QString name = match.name.trimmed();
    compiled.name = (lowerName ? name.toLower() : name).toStdString();
    compiled.value = match.value.toStdString();
    compiled.isRegex = match.type == ValueMatch::RegularExpression;
    if (compiled.isRegex) {
        QRegularExpression regex(QRegularExpression::anchoredPattern(match.value));
        if (regex.isValid()) {
            regex.optimize();
            compiled.regex = std::move(regex);
        }
    }
    return compiled;
}

CompiledHeaderFilter compileHeaderFilter(const HeaderFilter &filter) {
    CompiledHeaderFilter compiled;
    for (const HeaderValue &header : filter.set)
        compiled.set.emplace_back(header.name.trimmed().toStdString(), header.value.toStdString());
    for (const HeaderValue &header : filter.add)
        compiled.add.emplace_back(header.name.trimmed().toStdString(), header.value.toStdString());
    for (const QString &name : filter.remove)
        compiled.remove.push_back(name.trimmed().toLower().toStdString());
    return compiled;
}

// What every match of a route shares: where it sends and what it does to the request.
CompiledRoute compileActions(const Route &route, int index, const Names &names) {
    CompiledRoute compiled;
    compiled.index = index;
    compiled.matchCount = int(route.matches.size());
    if (route.backends.isEmpty()) {
        if (const int service = names.services(route.service); service >= 0)
            compiled.backends.push_back({service, 1});
    }
    for (const RouteBackend &backend : route.backends) {
        const int service = names.services(backend.service);
        if (service < 0)
            continue;
        // Clamped as the loader does, so that a GUI edit in progress cannot overflow the sum.
        const auto weight = std::uint32_t(std::clamp(backend.weight, 0, 1000000));
        compiled.backends.push_back({service, weight});
    }
    for (const CompiledBackend &backend : compiled.backends)
        compiled.totalWeight += backend.weight;
    if (route.rewritePrefix)
        compiled.rewritePrefix = route.rewritePrefix->toStdString();
    if (route.rewritePath)
        compiled.rewritePath = route.rewritePath->toStdString();
    compiled.rewriteHost = route.rewriteHost.trimmed().toStdString();
    compiled.requestHeaders = compileHeaderFilter(route.requestHeaders);
    compiled.responseHeaders = compileHeaderFilter(route.responseHeaders);
    for (const RouteMirror &mirror : route.mirrors)
        compiled.mirrors.push_back(
            {names.services(mirror.service), std::clamp(mirror.percent, 0, 100)});
    compiled.redirect = route.redirect;
    compiled.respond = route.respond;
    compiled.maxBodySize = route.maxBodySize;
    compiled.timeout = route.timeout;
    return compiled;
}

CompiledRoute compileMatch(const CompiledRoute &actions, const RouteMatchRule &match,
                           int matchIndex) {
    CompiledRoute compiled = actions;
    compiled.match = matchIndex;
    compiled.path = match.path.toStdString();
    compiled.type = match.pathType;
    if (match.pathType == PathType::Prefix)
        compiled.prefixKey = std::string(paths::prefixKey(compiled.path));
    if (match.pathType == PathType::Regex) {
        QRegularExpression regex(match.path);
        if (regex.isValid()) {
            // JIT-compiles now rather than on the first request; match() is then read-only.
            regex.optimize();
            compiled.regex = std::move(regex);
        }
    }
    for (const QString &method : match.methods)
        compiled.methods.push_back(method.trimmed().toUpper().toStdString());
    for (const HeaderMatch &header : match.headers)
        compiled.headers.push_back(compileValueMatch(header, true));
    for (const HeaderMatch &param : match.queryParams)
        compiled.queryParams.push_back(compileValueMatch(param, false));
    return compiled;
}

// Exact, then Prefix longest first, then Regex; among equal paths Gateway API's tie-breaks
// (a method, more headers, more query parameters); std::stable_sort keeps file order for the
// rest.
std::vector<int> precedenceOf(const std::vector<CompiledRoute> &routes) {
    std::vector<int> order(routes.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    auto rank = [&](int i) {
        const CompiledRoute &r = routes[std::size_t(i)];
        const auto specificity = std::tuple(r.methods.empty(), std::size_t(-1) - r.headers.size(),
                                            std::size_t(-1) - r.queryParams.size());
        switch (r.type) {
        case PathType::Exact:
            return std::tuple(0, std::size_t(0), specificity);
        case PathType::Prefix:
            return std::tuple(1, std::size_t(-1) - r.prefixKey.size(), specificity);
        case PathType::Regex:
            break;
        }
        // Regexes keep file order: which of two overlapping patterns is "more specific" is
        // not decidable, and the user wrote them in the order meant.
        return std::tuple(2, std::size_t(0), decltype(specificity){});
    };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return rank(a) < rank(b); });
    return order;
}

// Lower case, trailing dot removed: the form normaliseHost gives request hosts.
std::string hostKey(const QString &pattern) {
    QString key = pattern.trimmed().toLower();
    if (key.endsWith(u'.'))
        key.chop(1);
    return key.toStdString();
}

// The route's policy (host's with the route's laid over), added to `policies`; -1 when empty.
int compileRoutePolicy(const VirtualHost &host, int hostIndex, const Route &route, int routeIndex,
                       const Topology &topology, std::vector<CompiledPolicy> &policies) {
    std::optional<CompiledPolicy> policy =
        CompiledPolicy::compile(host.policy.overriddenBy(route.policy), topology, host.host);
    if (!policy)
        return -1;
    policy->index = int(policies.size());
    const std::string hostScope = "host " + std::to_string(hostIndex);
    const std::string routeScope = hostScope + " route " + std::to_string(routeIndex);
    if (policy->rateLimit)
        policy->rateLimit->scope = route.policy.rateLimit ? routeScope : hostScope;
    if (policy->connectionLimit > 0)
        policy->connectionLimitScope = route.policy.connectionLimit ? routeScope : hostScope;
    policy->origin = route.policy.isEmpty() ? "host " + host.host.toStdString()
                                            : "route " + route.firstMatch().path.toStdString() +
                                                  " of " + host.host.toStdString();
    policies.push_back(std::move(*policy));
    return policies.back().index;
}

CompiledHost compileHost(const VirtualHost &host, int index, const Names &names,
                         const Topology &topology, std::vector<CompiledPolicy> &policies) {
    CompiledHost compiled;
    compiled.index = index;
    compiled.pattern = host.host.toStdString();
    compiled.wildcard = host.isWildcard();
    compiled.catchAll = host.isCatchAll();
    compiled.certificate = names.certificates(host.tls);
    compiled.httpsRedirect = host.redirectsToHttps();
    for (const QString &name : host.listeners)
        if (const int listener = names.listeners(name); listener >= 0)
            compiled.listeners.push_back(listener);
    for (qsizetype i = 0; i < host.routes.size(); ++i) {
        const Route &route = host.routes[i];
        CompiledRoute actions = compileActions(route, int(i), names);
        actions.policy = compileRoutePolicy(host, index, route, int(i), topology, policies);
        for (qsizetype m = 0; m < route.matches.size(); ++m)
            compiled.routes.push_back(compileMatch(actions, route.matches[m], int(m)));
    }
    compiled.precedence = precedenceOf(compiled.routes);
    // Buckets filled in precedence order, so the matcher's first accepting candidate of a
    // bucket is the one precedence names.
    for (const int i : compiled.precedence) {
        const CompiledRoute &route = compiled.routes[std::size_t(i)];
        switch (route.type) {
        case PathType::Exact:
            compiled.exact[route.path].push_back(i);
            break;
        case PathType::Prefix:
            compiled.prefixes[route.prefixKey].push_back(i);
            break;
        case PathType::Regex:
            compiled.regexRoutes.push_back(i);
            break;
        }
    }
    return compiled;
}

CompiledListener compileListener(const Listener &listener, int index) {
    CompiledListener compiled;
    compiled.index = index;
    compiled.name = listener.name.toStdString();
    compiled.protocol = listener.protocol;
    if (const auto bind = hostname::parseHostPort(listener.bind)) {
        compiled.address = bind->host.toStdString();
        compiled.port = std::uint16_t(bind->port);
    }
    for (const QString &proxy : listener.trustedProxies)
        if (const auto block = IpBlock::parse(proxy.trimmed().toStdString()))
            compiled.trustedProxies.push_back(*block);
    compiled.proxyProtocol = listener.proxyProtocol;
    return compiled;
}

} // namespace

std::shared_ptr<const RoutingTable> RoutingTable::compile(const Topology &topology) {
    auto table = std::make_shared<RoutingTable>();
    const Names names{NameIndex(topology.services), NameIndex(topology.certificates),
                      NameIndex(topology.listeners)};

    for (qsizetype i = 0; i < topology.services.size(); ++i) {
        table->m_services.push_back(compileService(topology.services[i], int(i)));
        // The first service of a name wins, as Topology::findService does.
        table->m_serviceIndex.try_emplace(table->m_services.back().name, int(i));
    }
    table->m_defaultService = names.services(topology.defaultService);

    for (qsizetype i = 0; i < topology.certificates.size(); ++i) {
        const Certificate &certificate = topology.certificates[i];
        CompiledCertificate compiled;
        compiled.index = int(i);
        compiled.name = certificate.name.toStdString();
        compiled.inCluster = certificate.inCluster();
        if (!compiled.inCluster) {
            compiled.certificatePath = topology.resolvePath(certificate.certificate);
            compiled.privateKey = certificate.keyInKeychain()
                                      ? certificate.privateKey
                                      : topology.resolvePath(certificate.privateKey);
        }
        table->m_certificates.push_back(std::move(compiled));
    }

    for (qsizetype i = 0; i < topology.hosts.size(); ++i) {
        CompiledHost host =
            compileHost(topology.hosts[i], int(i), names, topology, table->m_policies);
        const std::string key = hostKey(topology.hosts[i].host);
        if (host.catchAll)
            table->m_catchAllHosts.push_back(int(i));
        else if (host.wildcard)
            table->m_wildcardHosts[key.size() > 2 ? key.substr(2) : std::string()].push_back(
                int(i));
        else
            table->m_exactHosts[key].push_back(int(i));
        if (host.certificate >= 0)
            table->m_certificates[std::size_t(host.certificate)].hosts.push_back(host.pattern);
        table->m_hosts.push_back(std::move(host));
    }

    for (qsizetype i = 0; i < topology.listeners.size(); ++i) {
        CompiledListener listener = compileListener(topology.listeners[i], int(i));
        // SNI candidates: the certificates of the hosts served here, in host order, no repeats.
        if (listener.protocol == Protocol::Https) {
            for (const CompiledHost &host : table->m_hosts) {
                if (host.certificate < 0 || !host.onListener(int(i)))
                    continue;
                if (std::find(listener.certificates.begin(), listener.certificates.end(),
                              host.certificate) == listener.certificates.end())
                    listener.certificates.push_back(host.certificate);
            }
        }
        table->m_listeners.push_back(std::move(listener));
    }
    return table;
}

} // namespace ingress
