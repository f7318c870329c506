#include "model/topology/enums.h"
#include "ui/policytext.h"
#include "ui/properties/policyfieldkit.h"

namespace ingress::ui::fields {

namespace {

// Turning a connection limit on starts here; the user is expected to tune it.
constexpr int defaultConnectionLimit = 10;
constexpr int maxLimit = 1000000; // docs/topology-format.md, "Policies"

// The "Policy" group: access lists, basic auth and limits of a host or a route (T); the
// route's fields say what comes from the host while they are unset. The external auth, CORS and
// security header groups follow it (externalauthfields.cpp, corsfields.cpp,
// securityheaderfields.cpp).
template <typename T>
QList<PropertyField> policyFields(const FieldFactory<T> &f, const HostPolicy &hostPolicy) {
    const PolicyFieldKit<T> kit{f, hostPolicy, tr("Policy")};
    auto document = f.document;
    const auto own = kit.own();
    const auto field = [&kit](const QString &key, const QString &label,
                              std::function<QString(const Policy &)> get,
                              std::function<void(Policy &, const QString &)> set,
                              std::function<QString(const QString &)> check = {}) {
        return kit.field(key, label, std::move(get), std::move(set), std::move(check));
    };
    const auto toggle = [&kit](const QString &key, const QString &label, auto part, auto fresh) {
        return kit.toggle(key, label, part, fresh);
    };
    const auto isOn = [&kit](auto part) { return kit.isOn(part); };
    const auto inheritedPart = [&kit](auto part, auto describe) {
        return kit.inheritedPart(part, describe);
    };
    // Allow and deny are replaced together: a route with either list shows none of the host's.
    const auto inheritedList = [own, hostPolicy](QStringList Policy::*list) {
        return [own, hostPolicy, list]() -> QString {
            const Policy *host = hostPolicy();
            const auto mine = own();
            if (!host || !mine || !mine->allow.isEmpty() || !mine->deny.isEmpty() ||
                (host->*list).isEmpty())
                return {};
            return fromHost(policytext::blocks(host->*list));
        };
    };
    const auto requiredNumber = [](std::function<bool()> on, int min) {
        return fields::requiredNumber(std::move(on), min, maxLimit);
    };

    const auto basicAuthOn = isOn(&Policy::basicAuth);
    const auto rateLimitOn = isOn(&Policy::rateLimit);
    const auto connectionLimitOn = isOn(&Policy::connectionLimit);
    const QString listSyntax =
        tr("IPv4 or IPv6 CIDR blocks or single addresses separated by commas, e.g. 10.0.0.0/8, "
           "2001:db8::/32. On a route, Allow and Deny together replace the host's");

    QList<PropertyField> result;
    PropertyField allow =
        withHint(field(
                     QStringLiteral("allow"), tr("Allow"),
                     [](const Policy &p) { return policytext::blocks(p.allow); },
                     [](Policy &p, const QString &v) { p.allow = commaList(v); }, checks::cidrList),
                 tr("every address"),
                 tr("Only clients in these blocks may use it; the others get 403. ") + listSyntax);
    allow.inherited = inheritedList(&Policy::allow);
    result << allow;
    PropertyField deny = withHint(
        field(
            QStringLiteral("deny"), tr("Deny"),
            [](const Policy &p) { return policytext::blocks(p.deny); },
            [](Policy &p, const QString &v) { p.deny = commaList(v); }, checks::cidrList),
        tr("nobody"), tr("Clients in these blocks get 403, whatever Allow says. ") + listSyntax);
    deny.inherited = inheritedList(&Policy::deny);
    result << deny;

    PropertyField basicAuth =
        withHint(toggle(QStringLiteral("basicAuth.enabled"), tr("Basic auth"), &Policy::basicAuth,
                        BasicAuth{}),
                 {}, tr("Ask for a user name and password from an htpasswd file (401 without)"));
    basicAuth.inherited = inheritedPart(&Policy::basicAuth, policytext::basicAuth);
    result << basicAuth;
    PropertyField htpasswd = withHint(
        field(
            QStringLiteral("basicAuth.htpasswd"), tr("htpasswd file"),
            [](const Policy &p) { return p.basicAuth ? p.basicAuth->htpasswd : QString(); },
            [](Policy &p, const QString &v) {
                if (p.basicAuth)
                    p.basicAuth->htpasswd = v;
            },
            [document](const QString &v) {
                return checks::htpasswdFile(document->topology().resolvePath(v));
            }),
        QStringLiteral("shop.htpasswd"),
        tr("The users, as Apache's htpasswd writes them (htpasswd -B for bcrypt), relative to "
           "the topology file; read when the proxy starts or reloads"));
    htpasswd.editor = PropertyField::Editor::File;
    htpasswd.enabled = basicAuthOn;
    htpasswd.inherited =
        inheritedPart(&Policy::basicAuth, [](const BasicAuth &a) { return a.htpasswd; });
    result << htpasswd;
    PropertyField realm =
        withHint(field(
                     QStringLiteral("basicAuth.realm"), tr("Realm"),
                     [](const Policy &p) { return p.basicAuth ? p.basicAuth->realm : QString(); },
                     [](Policy &p, const QString &v) {
                         if (p.basicAuth)
                             p.basicAuth->realm = v;
                     }),
                 tr("the host name"), tr("Shown by browsers in the login prompt"));
    realm.enabled = basicAuthOn;
    realm.inherited = inheritedPart(&Policy::basicAuth, [](const BasicAuth &a) {
        return a.realm.isEmpty() ? tr("the host name") : a.realm;
    });
    result << realm;

    PropertyField rateLimit =
        withHint(toggle(QStringLiteral("rateLimit.enabled"), tr("Rate limit"), &Policy::rateLimit,
                        RateLimit{}),
                 {},
                 tr("At most so many requests per second or minute per client (or per value of a "
                    "header); more get 429 with Retry-After"));
    rateLimit.inherited = inheritedPart(&Policy::rateLimit, policytext::rateLimit);
    result << rateLimit;
    PropertyField requests =
        withHint(field(
                     QStringLiteral("rateLimit.requests"), tr("Requests"),
                     [](const Policy &p) {
                         return p.rateLimit ? QString::number(p.rateLimit->requests) : QString();
                     },
                     [](Policy &p, const QString &v) {
                         if (p.rateLimit)
                             p.rateLimit->requests = numberFrom(v).value_or(p.rateLimit->requests);
                     },
                     requiredNumber(rateLimitOn, 1)),
                 QString::number(RateLimit{}.requests),
                 tr("How many requests (1-1000000) per second or minute, on average"));
    requests.enabled = rateLimitOn;
    requests.inherited = inheritedPart(
        &Policy::rateLimit, [](const RateLimit &r) { return QString::number(r.requests); });
    result << requests;
    PropertyField per = field(
        QStringLiteral("rateLimit.per"), tr("Per"),
        [](const Policy &p) { return p.rateLimit ? toString(p.rateLimit->per) : QString(); },
        [](Policy &p, const QString &v) {
            if (p.rateLimit)
                p.rateLimit->per = enumFromString<RateUnit>(v).value_or(p.rateLimit->per);
        });
    per.editor = PropertyField::Editor::Choice;
    per.choices = enumNames<RateUnit>();
    per.placeholder = toString(RateLimit{}.per);
    per.enabled = rateLimitOn;
    per.inherited =
        inheritedPart(&Policy::rateLimit, [](const RateLimit &r) { return toString(r.per); });
    result << per;
    PropertyField burst =
        withHint(field(
                     QStringLiteral("rateLimit.burst"), tr("Burst"),
                     [](const Policy &p) {
                         return p.rateLimit ? QString::number(p.rateLimit->burst) : QString();
                     },
                     [](Policy &p, const QString &v) {
                         if (p.rateLimit)
                             p.rateLimit->burst = v.isEmpty() ? 0 : numberFrom(v).value_or(0);
                     },
                     [](const QString &v) {
                         return v.isEmpty() ? QString() : checks::numberIn(v, 0, maxLimit);
                     }),
                 QStringLiteral("0"),
                 tr("Requests (0-1000000) allowed at once above the rate after a quiet spell"));
    burst.enabled = rateLimitOn;
    burst.inherited = inheritedPart(&Policy::rateLimit,
                                    [](const RateLimit &r) { return QString::number(r.burst); });
    result << burst;
    PropertyField header = withHint(
        field(
            QStringLiteral("rateLimit.header"), tr("Count per header"),
            [](const Policy &p) { return p.rateLimit ? p.rateLimit->header : QString(); },
            [](Policy &p, const QString &v) {
                if (p.rateLimit)
                    p.rateLimit->header = v;
            },
            checks::optionalHeaderName),
        tr("the client address"),
        tr("Count requests per value of this header (an API key, e.g. X-Api-Key) instead of "
           "per client address; requests without it count per address"));
    header.enabled = rateLimitOn;
    header.inherited = inheritedPart(&Policy::rateLimit, [](const RateLimit &r) {
        return r.header.isEmpty() ? tr("the client address") : r.header;
    });
    result << header;

    PropertyField connections =
        withHint(toggle(QStringLiteral("connectionLimit.enabled"), tr("Connection limit"),
                        &Policy::connectionLimit, defaultConnectionLimit),
                 {}, tr("Limit the requests in progress at once per client address; more get 429"));
    connections.inherited = inheritedPart(&Policy::connectionLimit, policytext::connectionLimit);
    result << connections;
    PropertyField count =
        withHint(field(
                     QStringLiteral("connectionLimit"), tr("Requests at once"),
                     [](const Policy &p) {
                         return p.connectionLimit ? QString::number(*p.connectionLimit) : QString();
                     },
                     [](Policy &p, const QString &v) {
                         if (p.connectionLimit)
                             p.connectionLimit = numberFrom(v).value_or(*p.connectionLimit);
                     },
                     requiredNumber(connectionLimitOn, 1)),
                 tr("no limit"), tr("Requests (1-1000000) in progress at once per client address"));
    count.enabled = connectionLimitOn;
    count.inherited =
        inheritedPart(&Policy::connectionLimit, [](int n) { return QString::number(n); });
    result << count;
    return result;
}

} // namespace

QList<PropertyField> hostPolicyFields(const FieldFactory<VirtualHost> &f) {
    const HostPolicy none = [] { return static_cast<const Policy *>(nullptr); };
    return policyFields(f, none) + externalAuthFields(f, none) + corsFields(f, none) +
           securityHeaderFields(f, none);
}

QList<PropertyField> routePolicyFields(const FieldFactory<Route> &f) {
    auto document = f.document;
    auto current = f.current;
    const HostPolicy host = [document, current]() -> const Policy * {
        const ItemRef ref = current();
        return document->contains(ref) ? &document->topology().hosts.at(ref.host).policy : nullptr;
    };
    return policyFields(f, host) + externalAuthFields(f, host) + corsFields(f, host) +
           securityHeaderFields(f, host);
}

} // namespace ingress::ui::fields
