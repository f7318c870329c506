#pragma once

#include "export/exporter.h"
#include "model/routing/routingtable.h"
#include "model/topology/topology.h"

#include <optional>
#include <QList>
#include <QString>

// Helpers every exporter shares, so that all targets read the topology the same way the
// RoutingTable does (docs/routing.md).
namespace ingress::exportsupport {

// Route order and path semantics come from the compiled RoutingTable (CompiledHost::precedence,
// CompiledRoute::prefixKey, its regex): exporters compile the topology once and walk
// `table.hosts()[h]` next to `topology.hosts[h]` (same indices), so that no target carries a
// second definition of the routing rules.

// The compiled table's order as a QList, for Qt-style loops.
QList<int> precedence(const CompiledHost &host);
QString prefixKey(const CompiledRoute &route);
// Does the route's path part match `path` (methods and headers aside)? The engine's own
// predicates: paths::prefixMatches and the compiled regex (unanchored search).
bool pathMatches(const CompiledRoute &route, const QString &path);
// Does the route match regardless of methods, headers and query parameters (no narrowing)?
inline bool isUnconditional(const CompiledRoute &route) {
    return route.methods.empty() && route.headers.empty() && route.queryParams.empty();
}

// What replaces the matched part of a path (rewritePrefix, redirect prefixPath), in the two
// forms routing::replaceMatched uses: when nothing follows the match the replacement is taken
// as written ("/" when empty); otherwise its trailing slashes go, and the rest is appended.
struct PathReplacement {
    QString whole; // the path when the match is the whole path
    QString base;  // prepended to the rest ("/..." ) otherwise
};
PathReplacement pathReplacement(const QString &replacement);

// Targets whose regex replace acts on the whole path (nginx `rewrite`) or on every match
// (Traefik, Caddy) replace the engine's "first match only" with this pattern: it matches the
// whole path, group 1 is the text before the route's first match, `tailGroup` the text after.
struct RegexAroundMatch {
    QString pattern;
    int tailGroup = 2;
};
RegexAroundMatch regexAroundMatch(const CompiledRoute &route);
// Go's RE2 (Caddy, Traefik) lacks PCRE's look-around, back-references, possessive and atomic
// groups: names the first such construct in `pattern`, or returns an empty string.
QString re2Incompatibility(const QString &pattern);

// Listeners a host is served on (its own list, or every listener), in document order.
QList<const Listener *> listenersOf(const Topology &topology, const VirtualHost &host);
bool servesOn(const VirtualHost &host, const Listener &listener);
// The HTTPS listener an HTTP request for `host` is redirected to, if the host redirects.
const Listener *httpsRedirectTarget(const Topology &topology, const VirtualHost &host);

// Port of a listener's bind ("127.0.0.1:8080" -> 8080); 0 when unparsable.
int listenerPort(const Listener &listener);
// nginx/HAProxy style "address:port" ("*:80" style is left to each target): empty address
// means any; IPv6 gets brackets.
struct BindAddress {
    QString host; // empty: any address
    int port = 0;
    bool ipv6 = false;
};
std::optional<BindAddress> parseBind(const Listener &listener);

// The key material of one certificate, as files of an export.
struct CertificateFiles {
    QString name;
    QByteArray certificatePem;
    QByteArray keyPem;       // empty: not available (warned)
    QString certificatePath; // relative name in the export
    QString keyPath;
    // Held by the cluster (Certificate::inCluster): no PEM here; Kubernetes targets refer to
    // the Secret and write none, file targets say where the files must come from.
    bool inCluster = false;
};
// Reads every certificate used by a host, warning about what cannot be read. The files are not
// added to the result: each target lays them out its own way. `refersToSecrets`: the target
// names Kubernetes Secrets (no warning for certificates the cluster holds).
QList<CertificateFiles> readCertificates(const Topology &topology, const ExportOptions &options,
                                         QList<ExportWarning> &warnings,
                                         bool refersToSecrets = false);
// readCertificates() for targets that take certificate and key as separate files: adds them to
// the result (keys only with --include-secrets, else one warning naming `serverName`).
QList<CertificateFiles> addCertificateFiles(const Topology &topology, const ExportOptions &options,
                                            ExportResult &result, const QString &serverName);

// Where a redirect goes, in parts each target renders with its own variables. Unset parts keep
// the request's own, as Gateway API's RequestRedirect does; the query is always kept.
struct RedirectPlan {
    QString scheme;     // always known: the listener's when the redirect does not say
    QString host;       // empty: the request's host without its port
    QString portSuffix; // ":8443", or empty for the scheme's well-known port
    // Neither scheme nor port set: the port the client wrote in its Host header is kept (none
    // when it wrote none), as routing::redirectLocation does. Targets read it from the header.
    bool portFromHost = false;
    // ReplaceMatch: the matched part is replaced (Exact routes become Fixed, Prefix routes use
    // `replacement`, Regex routes replace the regex's first match with `path`).
    enum class PathMode { Request, Fixed, ReplaceMatch };
    PathMode mode = PathMode::Request;
    QString path; // Fixed: the whole path; ReplaceMatch on a Regex route: the replacement
    PathReplacement replacement; // ReplaceMatch on a Prefix route
    int code = 302;
};
RedirectPlan planRedirect(const CompiledRoute &route, const Listener &listener);
RedirectPlan planHttpsRedirect(const Listener &httpsListener);

QString routeSubject(const VirtualHost &host, int routeIndex);
// The subject of a compiled route: its route in the document (host.routes[cr.index]), and the
// match when the route has several. A compiled route's position in CompiledHost::routes is not
// its route's index once a route has several matches.
QString routeSubject(const VirtualHost &host, const CompiledRoute &route);
const Route &modelRoute(const VirtualHost &host, const CompiledRoute &route);
const RouteMatchRule &modelMatch(const VirtualHost &host, const CompiledRoute &route);
// A name part unique per compiled route of a host: "r3", or "r3m1" for a route's second match.
QString routeId(const CompiledRoute &route);

// Routing features a target may not express. Route-level features (filters, rewrites,
// mirrors) are reported once per route, on its first match; match-level ones on each match.
enum Feature : unsigned {
    QueryParamExact = 1u << 0,
    QueryParamRegex = 1u << 1,
    HeaderRegex = 1u << 2,
    RequestHeaderSet = 1u << 3,
    RequestHeaderAdd = 1u << 4,
    RequestHeaderRemove = 1u << 5,
    ResponseHeaderSet = 1u << 6,
    ResponseHeaderAdd = 1u << 7,
    ResponseHeaderRemove = 1u << 8,
    RewritePath = 1u << 9,
    RewriteHost = 1u << 10,
    Mirror = 1u << 11,
    MirrorPercent = 1u << 12, // a mirror of less than 100 %
    Respond = 1u << 13,       // the proxy answers itself (`respond`)
};
// Warns `<target> cannot express ...; not exported` at the feature's location for every
// feature of the compiled route that `supported` lacks.
void warnUnsupported(const VirtualHost &host, const CompiledRoute &route, unsigned supported,
                     const QString &target, QList<ExportWarning> &warnings);
// The catch-all ("*") host serving `listener`, or -1.
int catchAllHost(const Topology &topology, const Listener &listener);
QString hostSubject(const VirtualHost &host);
ExportWarning warnAt(const QString &subject, const SourceLocation &where, const QString &message);

// For targets that cannot split traffic: the route's service, or the backend of a split with
// the largest weight (the first of equals), which gets every request.
QString heaviestService(const Route &route);

// Escapes PCRE metacharacters only (QRegularExpression::escape also escapes '/' and every other
// non-word character, which makes exported configurations hard to read).
QString escapeRegex(const QString &text);

// A name usable as an identifier in every target's syntax: [a-z0-9_-], never empty.
QString identifier(const QString &text);

} // namespace ingress::exportsupport
