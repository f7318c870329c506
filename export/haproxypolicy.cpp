#include "export/haproxypolicy.h"

#include "export/exportsupport.h"
#include "export/haproxysyntax.h"

#include <cmath>
#include <QRegularExpression>

namespace ingress::haproxy {

using exportpolicy::Part;
using exportpolicy::RoutePolicy;

namespace {

// How many trusted proxies in a row the set-src chain looks through.
constexpr int kTrustedHops = 5;

QString sourceList(const std::vector<IpBlock> &blocks) {
    return exportpolicy::cidrTexts(blocks).join(u' ');
}

QString userName(const QString &name) {
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9._@-]+$"));
    return plain.match(name).hasMatch() ? name : quote(name);
}

} // namespace

QString PolicyWriter::table(const QString &name, const QString &definition) {
    m_tables.insert(name, definition);
    return name;
}

// An allowed origin is kept in txn.cors_origin (request fields are gone when the answer is
// edited); a preflight from it is answered here, before the checks, as the engine does.
QString PolicyWriter::browserRequestRules(const RoutePolicy &policy, const QString &when) {
    if (!policy.cors)
        return {};
    const QString pattern = exportpolicy::corsOriginRegex(*policy.cors);
    if (pattern.isEmpty())
        return {};
    QString out = QStringLiteral("    http-request set-var(txn.cors_origin) req.hdr(origin) if %1 "
                                 "{ req.hdr(origin) -m reg -i %2 }\n")
                      .arg(when, quote(pattern));
    const QString preflight = QStringLiteral("%1 { var(txn.cors_origin) -m found } "
                                             "{ method OPTIONS } "
                                             "{ req.hdr(access-control-request-method) -m found }")
                                  .arg(when);
    out += QStringLiteral("    http-request set-var(txn.cors_preflight) bool(true) if %1\n")
               .arg(preflight);
    // Access-Control-Allow-Origin, -Credentials and Vary come from the answer rules below,
    // which HAProxy applies to its own answers too.
    out += QStringLiteral("    http-request return status 204");
    for (const auto &[name, value] : exportpolicy::corsPreflightFields(*policy.cors))
        out += QStringLiteral(" hdr %1 %2").arg(name, quote(formatLiteral(value)));
    return out + QStringLiteral(" if %1 { var(txn.cors_preflight) -m bool }\n").arg(when);
}

QString PolicyWriter::browserResponseRules(const RoutePolicy &policy, const QString &when,
                                           bool tls) {
    // http-after-response: every answer, HAProxy's own (return, deny, auth) included.
    QString out;
    const auto set = [&](const QString &name, const QString &value, const QString &condition) {
        out += QStringLiteral("    http-after-response set-header %1 %2 if %3%4\n")
                   .arg(name, value, when, condition);
    };
    if (policy.cors && !exportpolicy::corsOriginRegex(*policy.cors).isEmpty()) {
        const CompiledCors &cors = *policy.cors;
        const QString allowed = QStringLiteral(" { var(txn.cors_origin) -m found }");
        set(QStringLiteral("Access-Control-Allow-Origin"),
            exportpolicy::corsEchoesOrigin(cors) ? QStringLiteral("%[var(txn.cors_origin)]")
                                                 : quote(QStringLiteral("*")),
            allowed);
        if (cors.credentials)
            set(QStringLiteral("Access-Control-Allow-Credentials"), QStringLiteral("true"),
                allowed);
        if (!cors.expose.empty())
            set(QStringLiteral("Access-Control-Expose-Headers"),
                quote(formatLiteral(QString::fromStdString(cors.expose))),
                allowed + QStringLiteral(" !{ var(txn.cors_preflight) -m bool }"));
        out += QStringLiteral("    http-after-response add-header Vary Origin if %1%2\n")
                   .arg(when, allowed);
    }
    for (const auto &[name, value] : policy.securityHeaders)
        set(name, quote(formatLiteral(value)), QString());
    // A frontend per listener: HSTS on the TLS ones only, as in the engine.
    if (tls && !policy.hsts.isEmpty())
        set(QStringLiteral("Strict-Transport-Security"), quote(formatLiteral(policy.hsts)),
            QString());
    return out;
}

QString PolicyWriter::rules(const RoutePolicy &policy, const QString &when, bool tls) {
    QString out = browserRequestRules(policy, when);
    const Policy &p = policy.policy;
    if (p.connectionLimit) {
        // conn_cur counts the streams tracking the entry: the requests in progress, this one
        // included.
        const QString name = table(QStringLiteral("st_conn_") + policy.connectionScope,
                                   QStringLiteral("type ipv6 size 100k expire 60s store conn_cur"));
        out += QStringLiteral("    http-request track-sc1 src table %1 if %2\n").arg(name, when);
        out +=
            QStringLiteral("    http-request deny deny_status 429 if %1 { sc_conn_cur(1) gt %2 }\n")
                .arg(when)
                .arg(*p.connectionLimit);
    }
    if (p.rateLimit) {
        // The engine's bucket refills one request per interval and holds burst + 1. HAProxy
        // counts in a sliding window instead: burst + 1 requests per (burst + 1) intervals has
        // the same rate and the same burst. Only requests let through are counted (gpc0), as
        // the bucket only takes those.
        const RateLimit &limit = *p.rateLimit;
        const double interval = exportpolicy::intervalMs(limit);
        const double exact = interval * (limit.burst + 1);
        const qint64 window = std::max<qint64>(1, std::llround(exact));
        const bool isExact = std::abs(double(window) - exact) < 1e-6;
        const qint64 allowed = isExact
                                   ? qint64(limit.burst) + 1
                                   : std::max<qint64>(1, std::llround(double(window) / interval));
        if (!isExact)
            exportpolicy::reportPart(
                m_result.warnings, policy, Part::RateLimit,
                QStringLiteral("HAProxy counts in whole milliseconds: the limit is exported as "
                               "%1 per %2 ms, close to but not exactly the engine's rate")
                    .arg(allowed)
                    .arg(window));
        const QString header = limit.header.trimmed();
        const QString name = table(
            QStringLiteral("st_rate_") + policy.rateScope,
            QStringLiteral("type %1 size 100k expire %2ms store gpc0_rate(%2ms)")
                .arg(header.isEmpty() ? QStringLiteral("ipv6") : QStringLiteral("string len 128"))
                .arg(window));
        if (header.isEmpty()) {
            out +=
                QStringLiteral("    http-request track-sc0 src table %1 if %2\n").arg(name, when);
        } else {
            // Per value of the header; requests without it count per client address.
            out += QStringLiteral("    http-request track-sc0 req.fhdr(%1) table %2 if %3 "
                                  "{ req.fhdr(%1) -m found }\n")
                       .arg(header, name, when);
            out += QStringLiteral("    http-request track-sc0 src table %1 if %2 "
                                  "!{ req.fhdr(%3) -m found }\n")
                       .arg(name, when, header);
        }
        out += QStringLiteral("    http-request deny deny_status 429 if %1 "
                              "{ sc_gpc0_rate(0) ge %2 }\n")
                   .arg(when)
                   .arg(allowed);
        out += QStringLiteral("    http-request sc-inc-gpc0(0) if %1\n").arg(when);
    }
    if (policy.has(Part::Access)) {
        if (!policy.deny.empty())
            out += QStringLiteral("    http-request deny deny_status 403 if %1 { src %2 }\n")
                       .arg(when, sourceList(policy.deny));
        if (!policy.allow.empty())
            out += QStringLiteral("    http-request deny deny_status 403 if %1 !{ src %2 }\n")
                       .arg(when, sourceList(policy.allow));
    }
    if (p.basicAuth)
        out += QStringLiteral("    http-request auth realm %1 if %2 !{ http_auth(%3) }\n")
                   .arg(quote(policy.realm), when, userlist(policy));
    if (policy.has(Part::ExternalAuth)) {
        // Refused rather than let through unchecked: an export must not open what the design
        // protects (as basic auth without its secrets does).
        out += QStringLiteral("    http-request deny deny_status 500 if %1\n").arg(when);
        exportpolicy::reportPart(m_result.warnings, policy, Part::ExternalAuth,
                                 QStringLiteral("HAProxy cannot express external auth without a "
                                                "Lua or SPOE agent (such as haproxy-auth-request); "
                                                "its requests are refused with 500 until one is "
                                                "added in place of that deny rule"));
    }
    return out + browserResponseRules(policy, when, tls);
}

// The users inlined (HAProxy cannot read an htpasswd file), checked by the system's crypt(3):
// bcrypt and SHA-crypt, not Apache MD5 or {SHA}.
QString PolicyWriter::userlist(const RoutePolicy &policy) {
    if (const auto known = m_userlists.constFind(policy.htpasswdPath); known != m_userlists.cend())
        return *known;
    const QString name = QStringLiteral("ul_%1").arg(m_userlists.size() + 1);
    m_userlists.insert(policy.htpasswdPath, name);
    m_userlistText += QStringLiteral("# users of %1\nuserlist %2\n").arg(policy.htpasswdPath, name);
    const exportpolicy::HtpasswdUsers users = exportpolicy::readHtpasswd(policy.htpasswdPath);
    if (!users.error.isEmpty()) {
        exportpolicy::reportPart(m_result.warnings, policy, Part::BasicAuth,
                                 QStringLiteral("%1; userlist %2 is empty: HAProxy refuses every "
                                                "request there")
                                     .arg(users.error, name));
    } else if (!m_options.includeSecrets) {
        exportpolicy::reportPart(m_result.warnings, policy, Part::BasicAuth,
                                 QStringLiteral("HAProxy needs the password hashes in its "
                                                "configuration, written only with "
                                                "--include-secrets; userlist %1 is empty, so "
                                                "HAProxy refuses every request there")
                                     .arg(name));
    } else {
        for (const auto &[user, hash] : users.users) {
            if (exportpolicy::isBcrypt(hash) || exportpolicy::isShaCrypt(hash)) {
                m_userlistText +=
                    QStringLiteral("    user %1 password %2\n").arg(userName(user), quote(hash));
                m_result.mainTextHasSecrets = true;
            } else {
                exportpolicy::reportPart(
                    m_result.warnings, policy, Part::BasicAuth,
                    QStringLiteral("HAProxy checks passwords with the system's crypt(3), which "
                                   "knows bcrypt and SHA-crypt but not %1: user '%2' is left out")
                        .arg(exportpolicy::hashScheme(hash), user));
            }
        }
    }
    m_userlistText += u'\n';
    return name;
}

QString PolicyWriter::sections() const {
    QString out = m_userlistText;
    for (auto it = m_tables.cbegin(); it != m_tables.cend(); ++it)
        out += QStringLiteral("backend %1\n    stick-table %2\n\n").arg(it.key(), it.value());
    return out;
}

QString PolicyWriter::trustedProxyRules(const Listener &listener) {
    std::vector<IpBlock> proxies;
    for (const QString &text : listener.trustedProxies)
        if (const auto block = IpBlock::parse(text.trimmed().toStdString()))
            proxies.push_back(*block);
    if (proxies.empty())
        return {};
    // Recursive, as the engine (and nginx's real_ip_recursive): while the address in hand is a
    // trusted proxy, the next X-Forwarded-For entry from the right is the client.
    QString out;
    for (int hop = 1; hop <= kTrustedHops; ++hop)
        out += QStringLiteral("    http-request set-src hdr_ip(x-forwarded-for,-%1) if { src %2 } "
                              "{ hdr_cnt(x-forwarded-for) ge %1 }\n")
                   .arg(hop)
                   .arg(sourceList(proxies));
    return out;
}

} // namespace ingress::haproxy
