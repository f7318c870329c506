#pragma once

#include "model/routing/compiledpolicy.h"
#include "model/topology/duration.h"
#include "model/topology/listener.h"
#include "model/topology/route.h"
#include "model/topology/service.h"
#include "model/topology/topology.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <QRegularExpression>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ingress {

// The one place that defines routing semantics (docs/routing.md). The model compiles a
// Topology into an immutable RoutingTable; the proxy's workers, `explain`, the GUI and the
// exporters all read it. Hold it as std::shared_ptr<const RoutingTable>: every member function
// is const and safe to call from any number of threads at once.

struct CompiledEndpoint {
    int index = 0;
    std::string address; // as written
    std::string host;    // without brackets
    std::uint16_t port = 0;
    int weight = 1;
    // The cookie value that names it when its service has sticky sessions: a digest of the
    // service and address, so cookies outlive reloads and restarts and reveal no address.
    std::string stickyToken;
};

struct CompiledService {
    int index = 0;
    std::string name;
    std::string nameSpace;
    ServiceType type = ServiceType::ClusterIP;
    LoadBalancing policy = LoadBalancing::RoundRobin;
    std::vector<CompiledEndpoint> endpoints;
    std::optional<HealthCheck> healthCheck;
    Duration connectTimeout{5000};
    Duration responseTimeout{60000};
    Duration idleTimeout{60000};
    // Cookie affinity (StickySession): a request whose `cookie` holds a healthy endpoint's
    // stickyToken goes to it; otherwise the answer sets
    // `Set-Cookie: <cookie>=<token><attributes>` for the endpoint the balancer chose.
    struct Sticky {
        std::string cookie;
        std::string attributes; // "; Path=/; HttpOnly" and "; Max-Age=N" with a ttl
    };
    std::optional<Sticky> sticky;
    // The position in `endpoints` of the endpoint `token` names; -1 for none.
    int stickyEndpoint(std::string_view token) const;
};

struct CompiledCertificate {
    int index = 0;
    std::string name;
    QString certificatePath; // resolved against the topology file; empty when inCluster
    QString privateKey;      // Certificate::keychain or a resolved key file path
    // Held by the cluster (Certificate::inCluster): no files here; a server on the desktop
    // presents one issued for `hosts` instead (TlsContextStore's issuer).
    bool inCluster = false;
    std::vector<std::string> hosts; // the host patterns that present it, in document order
};

struct CompiledListener {
    int index = 0;
    std::string name;
    std::string address; // empty: any address
    std::uint16_t port = 0;
    Protocol protocol = Protocol::Http;
    std::vector<int> certificates; // indices into certificates(), for SNI; first is the default
    // Peers whose X-Forwarded-For names the client (Listener::trustedProxies); entries that do
    // not parse are left out (validation reports them).
    std::vector<IpBlock> trustedProxies;
    // Connections begin with a PROXY protocol header naming the client (Listener::proxyProtocol).
    bool proxyProtocol = false;
};

// One service of a route and its share of the route's requests.
struct CompiledBackend {
    int service = -1; // index into services()
    std::uint32_t weight = 1;
};

// A header or query-parameter condition of a route.
struct CompiledValueMatch {
    std::string name; // headers: lower case; query parameters: as written
    std::string value;
    bool isRegex = false;
    // RegularExpression, anchored to the whole value; unset when the pattern is invalid (then
    // it never matches; validation reports it).
    std::optional<QRegularExpression> regex;

    bool matches(std::string_view actual) const;
};

// Header edits of a route, applied by the engine to the request it forwards (requestHeaders)
// or the response it relays (responseHeaders). Names in lower case, for comparisons.
struct CompiledHeaderFilter {
    std::vector<std::pair<std::string, std::string>> set; // (name as written, value)
    std::vector<std::pair<std::string, std::string>> add;
    std::vector<std::string> remove; // lower case
    bool empty() const { return set.empty() && add.empty() && remove.empty(); }
};

// A copy of some of a route's requests to another service; the answer is discarded.
struct CompiledMirror {
    int service = -1; // index into services(); -1: unknown (never mirrored)
    int percent = 100;
    // Does the request holding `ticket` get mirrored? Spread like pickBackend's tickets, so
    // 10% is within a percent or so after a few hundred requests.
    bool takes(std::uint64_t ticket) const;
};

// One match of a route (a route with several `matches` compiles to one CompiledRoute each,
// in match order, sharing everything but the conditions), so precedence is decided per match
// as Gateway API does.
struct CompiledRoute {
    int index = 0;      // position of the route in its host, in file order
    int match = 0;      // which of the route's matches this is
    int matchCount = 1; // how many matches the route has
    std::string path;
    PathType type = PathType::Prefix;
    std::string prefixKey; // Prefix: path without trailing slashes ("/" -> "")
    std::optional<QRegularExpression> regex;
    // Where the route sends requests: `service:` compiles to one backend of weight 1,
    // `backends:` to its list in file order. Unknown service names are left out; empty for a
    // pure redirect. The one definition of a split: the engine, explain and exporters read it.
    std::vector<CompiledBackend> backends;
    std::uint64_t totalWeight = 0; // sum of the backends' weights; 0: sends nowhere
    std::optional<std::string> rewritePrefix;
    std::optional<std::string> rewritePath; // replaces the whole path
    std::string rewriteHost;                // empty: the client's Host goes upstream
    std::vector<std::string> methods;       // upper case; empty: any
    std::vector<CompiledValueMatch> headers;
    std::vector<CompiledValueMatch> queryParams;
    CompiledHeaderFilter requestHeaders;
    CompiledHeaderFilter responseHeaders;
    std::vector<CompiledMirror> mirrors;
    std::optional<Redirect> redirect;
    std::optional<DirectResponse> respond; // answered by the proxy; no service is picked
    std::optional<std::int64_t> maxBodySize;
    std::optional<Duration> timeout;
    int policy = -1; // index into policies(); -1: nothing to check

    bool isSplit() const { return backends.size() > 1; }
    // The service (index into services()) for a request holding `ticket`, or -1 when every
    // weight is 0. Weighted by position: the ticket is mapped to [0, totalWeight) by
    // multiplying its golden-ratio scramble, so consecutive tickets (a per-worker counter)
    // spread like a low-discrepancy sequence: a 90/10 split is within about 1% after a few
    // hundred requests, without per-route state in the immutable table. Ticket 0 picks the
    // first backend with a weight.
    int pickBackend(std::uint64_t ticket) const;
};

struct TransparentStringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using RouteIndexMap =
    std::unordered_map<std::string, std::vector<int>, TransparentStringHash, std::equal_to<>>;

struct CompiledHost {
    int index = 0;       // position in the document
    std::string pattern; // as written, e.g. "*.bar.com"
    bool wildcard = false;
    bool catchAll = false; // "*": below exact and wildcard hosts
    int certificate = -1;  // index into certificates(); -1: no TLS
    bool httpsRedirect = false;
    std::vector<int> listeners;        // empty: every listener
    std::vector<CompiledRoute> routes; // file order
    // Precedence order of `routes` (indices): Exact, then Prefix longest first, then Regex in
    // file order; among equal paths a match with methods, then more headers, then more query
    // parameters comes first (Gateway API); other ties keep file order. Exporters emit rules in
    // this order.
    std::vector<int> precedence;
    RouteIndexMap exact;    // path -> routes, in precedence order
    RouteIndexMap prefixes; // prefixKey -> routes, in precedence order
    std::vector<int> regexRoutes;

    bool onListener(int listener) const;
};

// Read-only view of request headers for header matches; names are asked in lower case.
class HeaderLookup {
public:
    virtual ~HeaderLookup() = default;
    virtual std::optional<std::string_view> value(std::string_view lowerName) const = 0;
};

struct RequestInfo {
    int listener = -1; // index into listeners(); -1: any listener (explain without a port)
    std::string_view method = "GET";
    std::string_view host;  // Host header as received, may carry a port
    std::string_view path;  // without the query
    std::string_view query; // without '?'
    const HeaderLookup *headers = nullptr;
    // The connection is TLS. Only read when `listener` is -1 (explain without a listener):
    // otherwise the listener's protocol says it. Decides the scheme kept by redirects.
    bool tls = false;
    // Chooses the backend of a traffic split (CompiledRoute::pickBackend); the proxy's
    // workers pass a counter per worker, explain passes 0 (the first backend with a weight).
    std::uint64_t splitTicket = 0;
};

// One step of the precedence chain, for `explain` and the GUI.
struct TraceStep {
    enum class Outcome { Selected, Rejected, Skipped };
    Outcome outcome = Outcome::Rejected;
    std::string subject; // e.g. "host *.bar.com", "route #2 Prefix /api"
    std::string reason;
};
using MatchTrace = std::vector<TraceStep>;

struct RouteMatch {
    enum class Kind { Route, DefaultService, NoMatch };
    Kind kind = Kind::NoMatch;
    const CompiledHost *host = nullptr;       // the virtual host chosen, if any
    const CompiledRoute *route = nullptr;     // the route chosen, if any
    const CompiledService *service = nullptr; // for a split, the backend the ticket chose
    std::string upstreamPath; // path to send upstream (after rewrite), without the query
    // Set when the answer is a redirect: the route's own, or HTTP -> HTTPS (308).
    struct RedirectTo {
        int code = 308;
        std::string location;
    };
    std::optional<RedirectTo> redirect;

    bool matched() const { return kind != Kind::NoMatch; }
};

class RoutingTable {
public:
    static std::shared_ptr<const RoutingTable> compile(const Topology &topology);

    RouteMatch match(const RequestInfo &request, MatchTrace *trace = nullptr) const;

    const std::vector<CompiledListener> &listeners() const { return m_listeners; }
    const std::vector<CompiledService> &services() const { return m_services; }
    const std::vector<CompiledCertificate> &certificates() const { return m_certificates; }
    const std::vector<CompiledHost> &hosts() const { return m_hosts; }
    // One per route with a host or route policy (CompiledRoute::policy), in document order.
    const std::vector<CompiledPolicy> &policies() const { return m_policies; }
    const CompiledService *defaultService() const;

    // Host lookup alone: port stripped, case-insensitive, exact before wildcard before "*".
    const CompiledHost *findHost(std::string_view hostHeader, int listener = -1) const;
    const CompiledService *findService(std::string_view name) const;

    // Normalises a Host header value: lower case, port and trailing dot removed.
    static std::string normaliseHost(std::string_view hostHeader);

private:
    const CompiledHost *lookupHost(std::string_view normalisedHost, int listener) const;
    const CompiledHost *catchAllHost(int listener) const;
    const CompiledHost *lookupHostTraced(std::string_view normalisedHost, int listener,
                                         MatchTrace &trace) const;
    void applyHttpsRedirect(const RequestInfo &request, std::string_view normalisedHost,
                            RouteMatch &result, MatchTrace *trace) const;

    std::vector<CompiledListener> m_listeners;
    std::vector<CompiledService> m_services;
    std::vector<CompiledCertificate> m_certificates;
    std::vector<CompiledHost> m_hosts;
    std::vector<CompiledPolicy> m_policies;
    std::unordered_map<std::string, std::vector<int>, TransparentStringHash, std::equal_to<>>
        m_exactHosts; // lower-case name -> hosts (several only when listeners differ)
    std::unordered_map<std::string, std::vector<int>, TransparentStringHash, std::equal_to<>>
        m_wildcardHosts;              // suffix after "*." -> hosts
    std::vector<int> m_catchAllHosts; // "*" hosts (several only when listeners differ)
    std::unordered_map<std::string, int, TransparentStringHash, std::equal_to<>> m_serviceIndex;
    int m_defaultService = -1;
};

using RoutingTablePtr = std::shared_ptr<const RoutingTable>;

} // namespace ingress
