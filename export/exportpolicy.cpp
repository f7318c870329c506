#include "export/exportpolicy.h"

#include "export/exportsupport.h"
#include "model/certs/htpasswdfile.h"
#include "model/routing/compiledpolicy.h"

#include <algorithm>

namespace ingress::exportpolicy {

namespace {

const char *const kFields[kPartCount] = {"allow", "basicAuth",       "connectionLimit", "rateLimit",
                                         "cors",  "securityHeaders", "externalAuth"};

// Same parsing as CompiledPolicy::compile: entries that do not parse are left out (validation
// reports them), and an allow list left empty that way admits nobody.
std::vector<IpBlock> blocks(const QStringList &texts) {
    std::vector<IpBlock> result;
    for (const QString &text : texts)
        if (const auto block = IpBlock::parse(text.trimmed().toStdString()))
            result.push_back(*block);
    return result;
}

// ::ffff:0.0.0.0, the first IPv4-mapped address.
IpBytes mappedBase() {
    IpBytes bytes{};
    bytes[10] = bytes[11] = 0xff;
    return bytes;
}

bool isMapped(const IpBlock &block) {
    return block.prefix >= 96 && IpBlock{mappedBase(), 96}.contains(block.bytes);
}

bool holdsMappedRange(const IpBlock &block) {
    return block.prefix <= 96 && block.contains(mappedBase());
}

bool within(const IpBlock &inner, const IpBlock &outer) {
    return outer.prefix <= inner.prefix && outer.contains(inner.bytes);
}

// `block` with `hole` (inside it) cut out: the siblings along the way down to the hole.
void cutOut(const IpBlock &block, const IpBlock &hole, std::vector<IpBlock> &out) {
    IpBlock current = block;
    while (current.prefix < hole.prefix) {
        IpBlock sibling = current;
        sibling.prefix = current.prefix + 1;
        // The half of `current` that does not hold the hole: the next bit flipped.
        const int bit = current.prefix;
        const auto mask = std::uint8_t(0x80u >> (bit % 8));
        sibling.bytes[std::size_t(bit / 8)] =
            std::uint8_t((hole.bytes[std::size_t(bit / 8)] & mask) ^ mask) |
            std::uint8_t(current.bytes[std::size_t(bit / 8)] & ~mask);
        out.push_back(sibling);
        current.prefix += 1;
        current.bytes[std::size_t(bit / 8)] =
            std::uint8_t(current.bytes[std::size_t(bit / 8)] & ~mask) |
            std::uint8_t(hole.bytes[std::size_t(bit / 8)] & mask);
    }
}

} // namespace

bool RoutePolicy::has(Part part) const {
    switch (part) {
    case Part::Access:
        return !policy.allow.isEmpty() || !policy.deny.isEmpty();
    case Part::BasicAuth:
        return policy.basicAuth.has_value();
    case Part::ConnectionLimit:
        return policy.connectionLimit.has_value();
    case Part::RateLimit:
        return policy.rateLimit.has_value();
    case Part::Cors:
        return policy.cors.has_value();
    case Part::SecurityHeaders:
        return policy.securityHeaders.has_value();
    case Part::ExternalAuth:
        return policy.externalAuth.has_value();
    }
    return false;
}

bool RoutePolicy::checksRequests() const {
    return has(Part::Access) || has(Part::BasicAuth) || has(Part::ConnectionLimit) ||
           has(Part::RateLimit) || has(Part::ExternalAuth);
}

QString AuthRequest::signInRedirect() const {
    return signIn + (signIn.contains(u'?') ? QStringLiteral("&rd=") : QStringLiteral("?rd="));
}

bool RoutePolicy::sameAs(const RoutePolicy &other) const {
    return policy == other.policy && realm == other.realm && htpasswdPath == other.htpasswdPath &&
           rateScope == other.rateScope && connectionScope == other.connectionScope;
}

std::optional<RoutePolicy> routePolicy(const Topology &topology, int hostIndex,
                                       const CompiledRoute &route) {
    const VirtualHost &host = topology.hosts[hostIndex];
    const Route &own = exportsupport::modelRoute(host, route);
    RoutePolicy result;
    result.policy = host.policy.overriddenBy(own.policy);
    // The engine asks external auth for requests that go on to a service only: a redirect or
    // a direct response is answered without it (docs/proxy.md, "Policies").
    if (route.redirect || route.respond)
        result.policy.externalAuth.reset();
    if (result.policy.isEmpty())
        return std::nullopt;
    result.allow = blocks(result.policy.allow);
    result.deny = blocks(result.policy.deny);
    if (result.allow.empty() && !result.policy.allow.isEmpty())
        result.allow.push_back(IpBlock{{}, 128}); // ::/128: nobody connects from it
    if (const auto &auth = result.policy.basicAuth) {
        result.realm = auth->realm.isEmpty() ? host.host : auth->realm;
        result.htpasswdPath = topology.resolvePath(auth->htpasswd);
    }
    result.hostIndex = hostIndex;
    result.routeSubject = exportsupport::routeSubject(host, route);
    result.routeNode = own.src.node;
    result.hostSubject = exportsupport::hostSubject(host);
    result.fromRoute[int(Part::Access)] = !own.policy.allow.isEmpty() || !own.policy.deny.isEmpty();
    result.fromRoute[int(Part::BasicAuth)] = own.policy.basicAuth.has_value();
    result.fromRoute[int(Part::ConnectionLimit)] = own.policy.connectionLimit.has_value();
    result.fromRoute[int(Part::RateLimit)] = own.policy.rateLimit.has_value();
    result.fromRoute[int(Part::Cors)] = own.policy.cors.has_value();
    result.fromRoute[int(Part::SecurityHeaders)] = own.policy.securityHeaders.has_value();
    result.fromRoute[int(Part::ExternalAuth)] = own.policy.externalAuth.has_value();
    // The browser parts' field values exactly as the engine makes them.
    if (const auto compiled = CompiledPolicy::compile(result.policy, topology, host.host)) {
        result.cors = compiled->cors;
        for (const auto &[name, value] : compiled->securityHeaders)
            result.securityHeaders.append(
                {QString::fromStdString(name), QString::fromStdString(value)});
        result.hsts = QString::fromStdString(compiled->hsts);
        if (const auto &auth = compiled->externalAuth) {
            AuthRequest request;
            if (auth->service >= 0 && auth->service < topology.services.size())
                request.service = &topology.services[auth->service];
            request.serviceName = QString::fromStdString(auth->serviceName);
            request.path = QString::fromStdString(auth->path);
            for (const QString &name : result.policy.externalAuth->responseHeaders)
                if (!name.trimmed().isEmpty())
                    request.responseHeaders << name.trimmed();
            request.signIn = QString::fromStdString(auth->signIn);
            result.externalAuth = request;
        }
    }
    for (int part = 0; part < kPartCount; ++part) {
        const QString field = QString::fromLatin1(kFields[part]);
        // An access list written as `deny` alone is found there.
        const bool denyOnly = part == int(Part::Access);
        result.routeAt[part] = own.policy.src.at(
            denyOnly && own.policy.allow.isEmpty() ? QStringLiteral("deny") : field);
        result.hostAt[part] = host.policy.src.at(
            denyOnly && host.policy.allow.isEmpty() ? QStringLiteral("deny") : field);
    }
    const QString hostScope = QStringLiteral("h%1").arg(hostIndex);
    const QString routeScope = hostScope + QStringLiteral("r%1").arg(route.index);
    result.rateScope = result.fromRoute[int(Part::RateLimit)] ? routeScope : hostScope;
    result.connectionScope = result.fromRoute[int(Part::ConnectionLimit)] ? routeScope : hostScope;
    result.corsScope = result.fromRoute[int(Part::Cors)] ? routeScope : hostScope;
    return result;
}

void report(QList<ExportWarning> &warnings, const ExportWarning &warning) {
    for (const ExportWarning &known : warnings)
        if (known.subject == warning.subject && known.message == warning.message)
            return;
    warnings << warning;
}

void reportPart(QList<ExportWarning> &warnings, const RoutePolicy &policy, Part part,
                const QString &message) {
    report(warnings, exportsupport::warnAt(policy.subject(part), policy.location(part), message));
}

QList<Part> checkParts() {
    return {Part::ConnectionLimit, Part::RateLimit, Part::Access, Part::BasicAuth,
            Part::ExternalAuth};
}

QList<Part> allParts() {
    return checkParts() << Part::Cors << Part::SecurityHeaders;
}

void reportEachPart(QList<ExportWarning> &warnings, const RoutePolicy &policy,
                    const QString &message, const QList<Part> &parts) {
    for (Part part : parts)
        if (policy.has(part))
            reportPart(warnings, policy, part, message.arg(partName(part)));
}

QString partName(Part part) {
    switch (part) {
    case Part::Access:
        return QStringLiteral("an allow/deny list");
    case Part::BasicAuth:
        return QStringLiteral("basic auth");
    case Part::ConnectionLimit:
        return QStringLiteral("a connection limit");
    case Part::RateLimit:
        return QStringLiteral("a rate limit");
    case Part::Cors:
        return QStringLiteral("CORS");
    case Part::SecurityHeaders:
        return QStringLiteral("security headers");
    case Part::ExternalAuth:
        return QStringLiteral("external auth");
    }
    return {};
}

QStringList corsOriginRegexes(const CompiledCors &cors) {
    if (cors.anyOrigin)
        return {QStringLiteral("^.+$")};
    QStringList patterns;
    for (const std::string &origin : cors.origins)
        patterns << u'^' + exportsupport::escapeRegex(QString::fromStdString(origin)) + u'$';
    for (const auto &[scheme, suffix] : cors.wildcards)
        patterns << QStringLiteral("^%1.+%2$")
                        .arg(exportsupport::escapeRegex(QString::fromStdString(scheme)),
                             exportsupport::escapeRegex(QString::fromStdString(suffix)));
    return patterns;
}

QString corsOriginRegex(const CompiledCors &cors) {
    QStringList alternatives;
    for (const QString &pattern : corsOriginRegexes(cors))
        alternatives << pattern.mid(1).chopped(1);
    if (alternatives.isEmpty())
        return {};
    return alternatives.size() == 1 ? u'^' + alternatives.first() + u'$'
                                    : QStringLiteral("^(?:%1)$").arg(alternatives.join(u'|'));
}

bool corsEchoesOrigin(const CompiledCors &cors) {
    return cors.allowOriginValue("x") != "*";
}

QList<std::pair<QString, QString>> corsPreflightFields(const CompiledCors &cors) {
    return {{QStringLiteral("Access-Control-Allow-Methods"), QString::fromStdString(cors.methods)},
            {QStringLiteral("Access-Control-Allow-Headers"), QString::fromStdString(cors.headers)},
            {QStringLiteral("Access-Control-Max-Age"), QString::fromStdString(cors.maxAge)}};
}

QStringList cidrTexts(const std::vector<IpBlock> &list) {
    QStringList texts;
    auto add = [&](const QString &text) {
        if (!texts.contains(text))
            texts << text;
    };
    for (const IpBlock &block : list) {
        if (isMapped(block)) {
            add(QString::fromStdString(block.toString()));
            continue;
        }
        if (holdsMappedRange(block))
            add(QStringLiteral("0.0.0.0/0"));
        add(QString::fromStdString(block.toString()));
    }
    return texts;
}

QStringList allowedOnly(const std::vector<IpBlock> &allow, const std::vector<IpBlock> &deny) {
    // Per family, as the targets compare: IPv4 blocks (held as IPv4-mapped) apart from IPv6
    // ones, an IPv6 block over the mapped range giving all of IPv4 too (cidrTexts).
    struct Families {
        std::vector<IpBlock> v4, v6;
    };
    const auto split = [](const std::vector<IpBlock> &list) {
        Families f;
        for (const IpBlock &block : list) {
            if (isMapped(block)) {
                f.v4.push_back(block);
                continue;
            }
            if (holdsMappedRange(block))
                f.v4.push_back(IpBlock{mappedBase(), 96});
            f.v6.push_back(block);
        }
        return f;
    };
    Families allowed = split(allow);
    if (allow.empty())
        allowed = {{IpBlock{mappedBase(), 96}}, {IpBlock{{}, 0}}};
    const Families denied = split(deny);
    const auto cut = [](std::vector<IpBlock> result, const std::vector<IpBlock> &holes) {
        for (const IpBlock &hole : holes) {
            std::vector<IpBlock> next;
            for (const IpBlock &block : result) {
                if (within(block, hole))
                    continue; // refused whole
                if (within(hole, block))
                    cutOut(block, hole, next);
                else
                    next.push_back(block); // apart
            }
            result = std::move(next);
        }
        return result;
    };
    QStringList texts;
    for (const IpBlock &block : cut(allowed.v4, denied.v4))
        texts << QString::fromStdString(block.toString());
    for (const IpBlock &block : cut(allowed.v6, denied.v6))
        if (!isMapped(block)) // no IPv6 client has a mapped address: IPv4 is counted above
            texts << QString::fromStdString(block.toString());
    texts.removeDuplicates();
    return texts;
}

double intervalMs(const RateLimit &limit) {
    const double period = limit.per == RateUnit::Minute ? 60000.0 : 1000.0;
    return period / std::max(1, limit.requests);
}

HtpasswdUsers readHtpasswd(const QString &path) {
    const HtpasswdFile file = HtpasswdFile::read(path);
    HtpasswdUsers result;
    if (!file.ok()) {
        result.error = file.error;
        return result;
    }
    for (const auto &[user, hash] : file.users)
        result.users.append({QString::fromStdString(user), QString::fromStdString(hash)});
    std::sort(result.users.begin(), result.users.end());
    return result;
}

bool isBcrypt(const QString &hash) {
    return hash.startsWith(QLatin1String("$2y$")) || hash.startsWith(QLatin1String("$2a$")) ||
           hash.startsWith(QLatin1String("$2b$"));
}

bool isShaCrypt(const QString &hash) {
    return hash.startsWith(QLatin1String("$5$")) || hash.startsWith(QLatin1String("$6$"));
}

QString hashScheme(const QString &hash) {
    if (isBcrypt(hash))
        return QStringLiteral("bcrypt");
    if (isShaCrypt(hash))
        return QStringLiteral("SHA-crypt");
    if (hash.startsWith(QLatin1String("$apr1$")))
        return QStringLiteral("Apache MD5 ($apr1$)");
    if (hash.startsWith(QLatin1String("{SHA}")))
        return QStringLiteral("{SHA}");
    return QStringLiteral("unknown");
}

} // namespace ingress::exportpolicy
