#pragma once

#include "export/exporter.h"
#include "model/routing/compiledcors.h"
#include "model/routing/ipblock.h"
#include "model/routing/routingtable.h"
#include "model/topology/topology.h"

#include <optional>
#include <QList>
#include <QString>
#include <QStringList>
#include <vector>

// What every exporter needs to write a route's policy (docs/topology-format.md, "Policies"):
// the host's policy with the route's parts laid over it, where each part was written (reports
// point there), the state it shares with other routes, and access lists in each target's
// address syntax.
namespace ingress::exportpolicy {

enum class Part {
    Access,
    BasicAuth,
    ConnectionLimit,
    RateLimit,
    Cors,
    SecurityHeaders,
    ExternalAuth
};
constexpr int kPartCount = 7;

// External auth as the engine asks (CompiledPolicy::ExternalAuth), in the targets' terms.
struct AuthRequest {
    const Service *service = nullptr; // the topology's; nullptr: no such service
    QString serviceName;
    QString path;                // starts with '/', may hold a query
    QStringList responseHeaders; // as written (targets compare names without case)
    QString signIn;              // empty: a 401 goes back as it came
    // Where a 401 is sent when signIn is set: signIn and "?rd=" (or "&rd=" when it has a query
    // already), the request's URL to follow.
    QString signInRedirect() const;
};

struct RoutePolicy {
    Policy policy; // host.policy.overriddenBy(route.policy)
    // Access lists as the engine reads them (IpBlock). An allow list none of whose entries
    // parse admits nobody, as in the engine (fail closed): `allow` then holds an empty block.
    std::vector<IpBlock> allow, deny;
    QString realm;        // basic auth: as written, or the host name
    QString htpasswdPath; // basic auth: resolved against the topology file
    // Subject and location of each part: the route's when the route sets it, else the host's.
    QString routeSubject, hostSubject;
    SourceLocation routeNode; // the route itself, for reports about the whole policy
    SourceLocation routeAt[kPartCount], hostAt[kPartCount];
    bool fromRoute[kPartCount] = {};
    // Routes that inherit a host's limit share its state ("h3"); a route's own limit is its
    // own ("h3r1"), as in the engine. CORS has a scope too, to name what a target shares
    // (nginx's maps).
    QString rateScope, connectionScope, corsScope;
    int hostIndex = -1;
    // What browsers are told, as the engine compiles it (CompiledPolicy): CORS, the fields set
    // on every response, and Strict-Transport-Security (TLS connections only; empty: none).
    std::optional<CompiledCors> cors;
    QList<std::pair<QString, QString>> securityHeaders;
    QString hsts;
    std::optional<AuthRequest> externalAuth;

    bool has(Part part) const;
    // Can it refuse a request (limits, access list, password, external auth)? The browser parts
    // cannot.
    bool checksRequests() const;
    QString subject(Part part) const { return fromRoute[int(part)] ? routeSubject : hostSubject; }
    SourceLocation location(Part part) const {
        return fromRoute[int(part)] ? routeAt[int(part)] : hostAt[int(part)];
    }
    // Equal checks and state: two routes that may share one configuration block.
    bool sameAs(const RoutePolicy &other) const;
};

// The policy of topology.hosts[hostIndex]'s compiled route, or nullopt when it has none.
std::optional<RoutePolicy> routePolicy(const Topology &topology, int hostIndex,
                                       const CompiledRoute &route);

// Adds `warning` unless the same subject already has the same message: a host's part is
// reported once, not once per route that inherits it.
void report(QList<ExportWarning> &warnings, const ExportWarning &warning);
// `<target> cannot express <what>; not exported` at the part's subject and location.
void reportPart(QList<ExportWarning> &warnings, const RoutePolicy &policy, Part part,
                const QString &message);
// The parts that check requests, in the engine's order, and all parts.
QList<Part> checkParts();
QList<Part> allParts();
// reportPart for each of `parts` the policy has; `message` names it with %1 (partName).
void reportEachPart(QList<ExportWarning> &warnings, const RoutePolicy &policy,
                    const QString &message, const QList<Part> &parts = allParts());
// "an allow/deny list", "basic auth", "a connection limit", "a rate limit", "CORS",
// "security headers", "external auth".
QString partName(Part part);

// CORS in the targets' terms. An anchored regular expression, to be compared without case,
// for the origins `cors` allows ("https://*.example.com": one label or more in place of the
// star); empty when it allows none.
QString corsOriginRegex(const CompiledCors &cors);
// The same, one expression per allowed origin.
QStringList corsOriginRegexes(const CompiledCors &cors);
// Does Access-Control-Allow-Origin echo the request's Origin? Else it is "*".
bool corsEchoesOrigin(const CompiledCors &cors);
// The fields of a preflight answer besides Access-Control-Allow-Origin, -Credentials and
// Vary (which every answer to an allowed origin gets): -Allow-Methods, -Allow-Headers,
// -Max-Age.
QList<std::pair<QString, QString>> corsPreflightFields(const CompiledCors &cors);

// Blocks as text in the usual per-family syntax: IPv4-mapped blocks as IPv4 ("10.0.0.0/8"),
// others as IPv6. The engine compares IPv4 clients as IPv4-mapped IPv6 addresses, so an IPv6
// block that holds all of ::ffff:0:0/96 (such as "::/0") also holds every IPv4 client: it
// gives "0.0.0.0/0" too, since nginx, Go and HAProxy compare families apart.
QStringList cidrTexts(const std::vector<IpBlock> &blocks);
// Every address `allow` admits minus those `deny` refuses, as one allow list in the same
// per-family syntax (for targets that have an allow list only). An empty `allow` means every
// address; an empty result is possible (everything is denied).
QStringList allowedOnly(const std::vector<IpBlock> &allow, const std::vector<IpBlock> &deny);

// Rate limit arithmetic: one request per `intervalMs` milliseconds (fractions kept), `burst`
// more at once.
double intervalMs(const RateLimit &limit);

// The users of an htpasswd file as user -> hash, sorted by user; `error` says why the file
// could not be read (then the map is empty).
struct HtpasswdUsers {
    QList<std::pair<QString, QString>> users;
    QString error;
};
HtpasswdUsers readHtpasswd(const QString &path);
// "bcrypt", "SHA-crypt", "Apache MD5 ($apr1$)", "{SHA}" or "unknown".
QString hashScheme(const QString &hash);
bool isBcrypt(const QString &hash);
bool isShaCrypt(const QString &hash);

} // namespace ingress::exportpolicy
