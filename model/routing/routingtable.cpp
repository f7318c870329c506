// RoutingTable::match: host selection, route precedence, default service, redirects
// (docs/routing.md). The untraced path does hash lookups only and allocates nothing beyond the
// RouteMatch it returns; the traced path walks every candidate to say why it lost.
#include "model/routing/routingtable.h"

#include "model/routing/routematching.h"

#include <algorithm>
#include <array>

namespace ingress {

namespace {

using routing::LazyPath;
using routing::RouteVerdict;

// Host names are at most 253 characters; longer Host headers cannot match any host anyway.
constexpr std::size_t maxHostLength = 255;
using HostBuffer = std::array<char, maxHostLength>;

// Port and trailing dot removed, ASCII lower case. "[::1]:8080" -> "[::1]"; a bare IPv6
// literal ("::1", several colons) has no port to strip.
std::string_view normaliseInto(std::string_view host, char *out, std::size_t capacity) {
    if (host.starts_with('[')) {
        const std::size_t close = host.find(']');
        if (close != std::string_view::npos)
            host = host.substr(0, close + 1);
    } else if (const std::size_t colon = host.find(':');
               colon != std::string_view::npos && colon == host.rfind(':')) {
        host = host.substr(0, colon);
    }
    if (host.ends_with('.'))
        host.remove_suffix(1);
    if (host.size() > capacity)
        return {};
    std::transform(host.begin(), host.end(), out,
                   [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
    return {out, host.size()};
}

// The labels after the first one: where a wildcard "*.<suffix>" is keyed.
std::string_view wildcardSuffix(std::string_view host) {
    const std::size_t dot = host.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 >= host.size())
        return {};
    return host.substr(dot + 1);
}

std::string listenerNames(const std::vector<CompiledListener> &listeners,
                          const std::vector<int> &indices) {
    std::string names;
    for (int i : indices)
        names += (names.empty() ? "" : ", ") + listeners[std::size_t(i)].name;
    return names;
}

// Callers guard with `if (trace)` so that the strings are not even built on the hot path.
void note(MatchTrace *trace, TraceStep::Outcome outcome, std::string subject, std::string reason) {
    trace->push_back({outcome, std::move(subject), std::move(reason)});
}

// Exact bucket, then the request path's '/' boundaries longest first against the prefix
// map, then regexes in file order: cost depends on the path, not on the number of routes.
const CompiledRoute *selectRoute(const CompiledHost &host, const RequestInfo &request,
                                 const LazyPath &lazy, RouteVerdict &verdict) {
    auto firstAccepting = [&](const std::vector<int> &candidates) -> const CompiledRoute * {
        for (int i : candidates) {
            const CompiledRoute &route = host.routes[std::size_t(i)];
            verdict = routing::checkRoute(route, request, lazy);
            if (verdict.ok())
                return &route;
        }
        return nullptr;
    };
    const std::string_view path = request.path;
    if (auto it = host.exact.find(path); it != host.exact.end())
        if (const CompiledRoute *route = firstAccepting(it->second))
            return route;
    if (!host.prefixes.empty()) {
        for (std::size_t end = path.size() + 1; end-- > 0;) {
            if (end != path.size() && path[end] != '/')
                continue;
            if (auto it = host.prefixes.find(path.substr(0, end)); it != host.prefixes.end())
                if (const CompiledRoute *route = firstAccepting(it->second))
                    return route;
        }
    }
    return firstAccepting(host.regexRoutes);
}

// The same choice as selectRoute, made by walking `precedence`, so that every route gets a
// line in the trace. tst_routingtable checks that both agree.
const CompiledRoute *selectRouteTraced(const CompiledHost &host, const RequestInfo &request,
                                       const LazyPath &lazy, RouteVerdict &verdict,
                                       MatchTrace &trace) {
    const CompiledRoute *chosen = nullptr;
    for (int i : host.precedence) {
        const CompiledRoute &route = host.routes[std::size_t(i)];
        if (chosen) {
            trace.push_back(
                {TraceStep::Outcome::Skipped, routing::routeSubject(route),
                 "not reached: " + routing::routeSubject(*chosen) + " comes first in precedence"});
            continue;
        }
        const RouteVerdict v = routing::checkRoute(route, request, lazy);
        trace.push_back({v.ok() ? TraceStep::Outcome::Selected : TraceStep::Outcome::Rejected,
                         routing::routeSubject(route),
                         routing::describeVerdict(route, v, request)});
        if (v.ok()) {
            chosen = &route;
            verdict = v;
        }
    }
    return chosen;
}

} // namespace

bool CompiledHost::onListener(int listener) const {
    return listener < 0 || listeners.empty() ||
           std::find(listeners.begin(), listeners.end(), listener) != listeners.end();
}

std::string RoutingTable::normaliseHost(std::string_view hostHeader) {
    std::string out(hostHeader.size(), '\0');
    out.resize(normaliseInto(hostHeader, out.data(), out.size()).size());
    return out;
}

const CompiledService *RoutingTable::defaultService() const {
    return m_defaultService >= 0 ? &m_services[std::size_t(m_defaultService)] : nullptr;
}

const CompiledService *RoutingTable::findService(std::string_view name) const {
    const auto it = m_serviceIndex.find(name);
    return it == m_serviceIndex.end() ? nullptr : &m_services[std::size_t(it->second)];
}

const CompiledHost *RoutingTable::findHost(std::string_view hostHeader, int listener) const {
    HostBuffer buffer;
    return lookupHost(normaliseInto(hostHeader, buffer.data(), buffer.size()), listener);
}

const CompiledHost *RoutingTable::lookupHost(std::string_view host, int listener) const {
    auto onListener = [&](const auto &map, std::string_view key) -> const CompiledHost * {
        const auto it = map.find(key);
        if (it == map.end())
            return nullptr;
        for (int i : it->second)
            if (m_hosts[std::size_t(i)].onListener(listener))
                return &m_hosts[std::size_t(i)];
        return nullptr;
    };
    if (!host.empty()) {
        if (const CompiledHost *exact = onListener(m_exactHosts, host))
            return exact;
        const std::string_view suffix = wildcardSuffix(host);
        if (const CompiledHost *wildcard =
                suffix.empty() ? nullptr : onListener(m_wildcardHosts, suffix))
            return wildcard;
    }
    // An HTTP/1.0 request without Host still reaches the routes written for every host.
    return catchAllHost(listener);
}

const CompiledHost *RoutingTable::catchAllHost(int listener) const {
    for (int i : m_catchAllHosts)
        if (m_hosts[std::size_t(i)].onListener(listener))
            return &m_hosts[std::size_t(i)];
    return nullptr;
}

const CompiledHost *RoutingTable::lookupHostTraced(std::string_view host, int listener,
                                                   MatchTrace &trace) const {
    using Outcome = TraceStep::Outcome;
    const CompiledHost *chosen = lookupHost(host, listener);
    auto noteCatchAll = [&](const std::string &why) {
        if (chosen && chosen->catchAll)
            note(&trace, Outcome::Selected, "host *", why);
        return chosen;
    };
    if (host.empty()) {
        note(&trace, Outcome::Rejected, "host", "the request names no host");
        return noteCatchAll("routes for every host");
    }
    const std::string requested(host);
    const std::string arrivedOn =
        listener >= 0 && std::size_t(listener) < m_listeners.size()
            ? "; the request came on " + m_listeners[std::size_t(listener)].name
            : std::string();
    auto explainBucket = [&](const auto &map, std::string_view key, const std::string &how) {
        const auto it = map.find(key);
        if (it == map.end())
            return false;
        for (int i : it->second) {
            const CompiledHost &candidate = m_hosts[std::size_t(i)];
            if (&candidate == chosen)
                note(&trace, Outcome::Selected, "host " + candidate.pattern, how);
            else if (!candidate.onListener(listener))
                note(&trace, Outcome::Rejected, "host " + candidate.pattern,
                     "only on listener(s) " + listenerNames(m_listeners, candidate.listeners) +
                         arrivedOn);
            else
                note(&trace, Outcome::Skipped, "host " + candidate.pattern,
                     "an earlier host of the same name is chosen");
        }
        return true;
    };
    const bool exactSeen = explainBucket(m_exactHosts, host, "exact match");
    if (!exactSeen)
        note(&trace, Outcome::Rejected, "host " + requested, "no host of exactly this name");
    const std::string_view suffix = wildcardSuffix(host);
    if (chosen && !chosen->wildcard && !chosen->catchAll) {
        if (!suffix.empty() && m_wildcardHosts.contains(suffix))
            note(&trace, Outcome::Skipped, "host *." + std::string(suffix),
                 "not tried: exact host wins");
        return chosen;
    }
    const bool wildcardSeen =
        !suffix.empty() &&
        explainBucket(m_wildcardHosts, suffix,
                      "wildcard covers the one label '" +
                          requested.substr(0, requested.size() - suffix.size() - 1) + "'");
    if (!wildcardSeen) {
        // Say why wildcards that look close do not apply. A scan, but only when explaining.
        for (const CompiledHost &candidate : m_hosts) {
            if (!candidate.wildcard)
                continue;
            const std::string pattern = normaliseHost(candidate.pattern);
            const std::string key = pattern.size() > 2 ? pattern.substr(2) : std::string();
            if (requested == key)
                note(&trace, Outcome::Rejected, "host " + candidate.pattern,
                     "a wildcard does not cover the bare domain " + key);
            else if (requested.ends_with("." + key))
                note(&trace, Outcome::Rejected, "host " + candidate.pattern,
                     "a wildcard covers exactly one label; " + requested + " has more");
        }
        note(&trace, Outcome::Rejected, "wildcard",
             suffix.empty() ? "no wildcard can cover " + requested
                            : "no host *." + std::string(suffix));
    }
    return noteCatchAll("no exact or wildcard host takes " + requested +
                        ": the routes for every host");
}

bool CompiledValueMatch::matches(std::string_view actual) const {
    if (!isRegex)
        return actual == value;
    return regex &&
           regex->match(QString::fromUtf8(actual.data(), qsizetype(actual.size()))).hasMatch();
}

int CompiledService::stickyEndpoint(std::string_view token) const {
    if (!sticky || token.empty())
        return -1;
    for (std::size_t i = 0; i < endpoints.size(); ++i)
        if (endpoints[i].stickyToken == token)
            return int(i);
    return -1;
}

bool CompiledMirror::takes(std::uint64_t ticket) const {
    if (service < 0 || percent <= 0)
        return false;
    if (percent >= 100)
        return true;
    // A Weyl sequence like pickBackend's, but of sqrt(2) rather than the golden ratio: with
    // the same one, a 10% mirror of a 90/10 split would see only the first backend's requests.
    const std::uint64_t fraction = (ticket * 0x6A09E667F3BCC909ULL) >> 32;
    return (fraction * 100) >> 32 < std::uint64_t(percent);
}

int CompiledRoute::pickBackend(std::uint64_t ticket) const {
    if (backends.size() == 1)
        return backends.front().weight > 0 ? backends.front().service : -1;
    if (totalWeight == 0)
        return -1;
    // Golden-ratio (Weyl) sequence in 32-bit fixed point: its top 32 bits are a fraction of
    // [0, 1) that fills the interval evenly for consecutive tickets. totalWeight stays below
    // 2^32 for fewer than 4295 backends of the maximum weight, so the product fits.
    const std::uint64_t fraction = (ticket * 0x9E3779B97F4A7C15ULL) >> 32;
    std::uint64_t point = (fraction * std::min<std::uint64_t>(totalWeight, 0xFFFFFFFFULL)) >> 32;
    for (const CompiledBackend &backend : backends) {
        if (point < backend.weight)
            return backend.service;
        point -= backend.weight;
    }
    return backends.back().service;
}

RouteMatch RoutingTable::match(const RequestInfo &request, MatchTrace *trace) const {
    using Outcome = TraceStep::Outcome;
    RouteMatch result;
    HostBuffer buffer;
    const std::string_view host = normaliseInto(request.host, buffer.data(), buffer.size());
    result.host = trace ? lookupHostTraced(host, request.listener, *trace)
                        : lookupHost(host, request.listener);
    if (result.host) {
        const LazyPath lazy(request.path);
        RouteVerdict verdict;
        const CompiledRoute *route =
            trace ? selectRouteTraced(*result.host, request, lazy, verdict, *trace)
                  : selectRoute(*result.host, request, lazy, verdict);
        // The routes for every host ("*") apply to every host: they are tried after the
        // chosen host's own, as Gateway API ranks a route without hostnames below one whose
        // hostname matches, and as an Ingress rule without `host` "applies to all traffic".
        if (!route && !result.host->catchAll) {
            if (const CompiledHost *every = catchAllHost(request.listener)) {
                if (trace)
                    note(trace, Outcome::Skipped, "host " + result.host->pattern,
                         "no route matches; trying the routes for every host (*)");
                route = trace ? selectRouteTraced(*every, request, lazy, verdict, *trace)
                              : selectRoute(*every, request, lazy, verdict);
                if (route)
                    result.host = every;
            }
        }
        if (route) {
            result.kind = RouteMatch::Kind::Route;
            result.route = route;
            if (route->respond) {
                if (trace && !route->redirect)
                    note(trace, Outcome::Selected, routing::routeSubject(*route),
                         "answers " + std::to_string(route->respond->status) + " itself (respond)");
            } else if (const int service = route->pickBackend(request.splitTicket); service >= 0) {
                result.service = &m_services[std::size_t(service)];
            } else if (trace && !route->redirect)
                note(trace, Outcome::Rejected, "service",
                     routing::routeSubject(*route) +
                         (route->backends.empty() ? " names no known service"
                                                  : " sends nowhere: every backend has weight 0"));
            result.upstreamPath = routing::upstreamPath(*route, request.path, verdict, lazy);
            if (route->redirect)
                result.redirect = RouteMatch::RedirectTo{
                    route->redirect->code,
                    routing::redirectLocation(*this, *route, request, host, verdict, lazy)};
        } else if (trace) {
            note(trace, Outcome::Rejected, "host " + result.host->pattern,
                 "no route matches; no fall-through to other hosts such as a wildcard "
                 "(nginx and Kubernetes behave this way), only to the routes for every host");
        }
    }
    if (!result.route) {
        if (const CompiledService *fallback = defaultService()) {
            result.kind = RouteMatch::Kind::DefaultService;
            result.service = fallback;
            result.upstreamPath = std::string(request.path);
            if (trace)
                note(trace, Outcome::Selected, "default service " + fallback->name,
                     result.host ? "no route of the host matches" : "no host matches");
        } else if (trace) {
            note(trace, Outcome::Rejected, "default service", "none set: 404 Not Found");
        }
    }
    if (result.matched() && result.host)
        applyHttpsRedirect(request, host, result, trace);
    return result;
}

void RoutingTable::applyHttpsRedirect(const RequestInfo &request, std::string_view host,
                                      RouteMatch &result, MatchTrace *trace) const {
    if (!result.host->httpsRedirect || request.listener < 0 ||
        std::size_t(request.listener) >= m_listeners.size() ||
        m_listeners[std::size_t(request.listener)].protocol != Protocol::Http)
        return;
    const auto https = std::find_if(m_listeners.begin(), m_listeners.end(), [&](const auto &l) {
        return l.protocol == Protocol::Https && result.host->onListener(l.index);
    });
    if (https == m_listeners.end()) {
        if (trace)
            note(trace, TraceStep::Outcome::Rejected, "HTTPS redirect",
                 "host " + result.host->pattern + " has TLS but no HTTPS listener serves it");
        return;
    }
    if (trace && result.redirect)
        note(trace, TraceStep::Outcome::Skipped,
             "redirect of " + routing::routeSubject(*result.route),
             "the HTTP -> HTTPS redirect comes first");
    result.redirect = RouteMatch::RedirectTo{
        308, routing::makeLocation("https", host, https->port, request.path, request.query)};
    if (trace)
        note(trace, TraceStep::Outcome::Selected, "HTTPS redirect",
             "host " + result.host->pattern + " has TLS: 308 to listener " + https->name);
}

} // namespace ingress
