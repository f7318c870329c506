#include "ui/policytext.h"
#include "ui/properties/policyfieldkit.h"

#include <limits>

namespace ingress::ui::fields {

namespace {

constexpr int maxSeconds = std::numeric_limits<int>::max(); // docs/topology-format.md, "CORS"

// Outside the template: GCC 12 fails (internal compiler error) on Cors{} there, whose
// allowOrigins initializer is a QStringLiteral, i.e. a lambda.
Cors freshCors() {
    return Cors{};
}

QString joined(const QStringList &list) {
    return list.join(QLatin1String(", "));
}

// The "CORS" group of a host's or a route's policy (T). Unset lists show ingress-nginx's
// defaults, which apply then; a route's fields show its host's while it has no CORS of its own.
template <typename T>
QList<PropertyField> corsFieldsOf(const FieldFactory<T> &f, const HostPolicy &hostPolicy) {
    const PolicyFieldKit<T> kit{f, hostPolicy, tr("CORS")};
    const auto corsOn = kit.isOn(&Policy::cors);
    // A text field of the CORS part, written only while the part is on (greyed out otherwise).
    const auto corsField = [&kit, &corsOn](const char *key, const QString &label,
                                           std::function<QString(const Cors &)> get,
                                           std::function<void(Cors &, const QString &)> set,
                                           std::function<QString(const QString &)> check,
                                           std::function<QString(const Cors &)> inherited) {
        PropertyField p = kit.field(
            QStringLiteral("cors.") + QLatin1String(key), label,
            [get](const Policy &policy) { return policy.cors ? get(*policy.cors) : QString(); },
            [set](Policy &policy, const QString &v) {
                if (policy.cors)
                    set(*policy.cors, v);
            },
            std::move(check));
        p.enabled = corsOn;
        p.inherited = kit.inheritedPart(&Policy::cors, inherited);
        return p;
    };

    QList<PropertyField> result;
    PropertyField enabled = withHint(
        kit.toggle(QStringLiteral("cors.enabled"), tr("CORS"), &Policy::cors, freshCors()), {},
        tr("Let browsers on other sites call this (cross-origin requests): the proxy answers "
           "their preflights and adds the CORS fields to responses to the origins allowed. On a "
           "route, unchecked takes the host's"));
    enabled.inherited = kit.inheritedPart(&Policy::cors, policytext::cors);
    result << enabled;

    const auto originsText = [](const Cors &c) {
        return c.allowOrigins.isEmpty() ? tr("no origin") : joined(c.allowOrigins);
    };
    result << withHint(
        corsField(
            "allowOrigins", tr("Allowed origins"),
            [](const Cors &c) { return joined(c.allowOrigins); },
            [](Cors &c, const QString &v) { c.allowOrigins = commaList(v); }, checks::corsOrigins,
            originsText),
        tr("no origin"),
        tr("Origins separated by commas: * (any), https://app.example.com, or "
           "https://*.example.com (one label or more in place of *); no path, no trailing slash. "
           "Empty: no origin (a route turning off its host's CORS)"));
    result << withHint(corsField(
                           "allowMethods", tr("Methods"),
                           [](const Cors &c) { return joined(c.allowMethods); },
                           [](Cors &c, const QString &v) { c.allowMethods = commaList(v); },
                           checks::methods, [](const Cors &c) { return joined(c.methods()); }),
                       joined(Cors::defaultMethods()),
                       tr("Access-Control-Allow-Methods: methods separated by commas; empty for "
                          "the defaults shown"));
    result << withHint(corsField(
                           "allowHeaders", tr("Headers"),
                           [](const Cors &c) { return joined(c.allowHeaders); },
                           [](Cors &c, const QString &v) { c.allowHeaders = commaList(v); },
                           checks::headerNames, [](const Cors &c) { return joined(c.headers()); }),
                       joined(Cors::defaultHeaders()),
                       tr("Access-Control-Allow-Headers: request headers a page may send, "
                          "separated by commas; empty for the defaults shown"));
    result << withHint(
        corsField(
            "exposeHeaders", tr("Expose headers"),
            [](const Cors &c) { return joined(c.exposeHeaders); },
            [](Cors &c, const QString &v) { c.exposeHeaders = commaList(v); }, checks::headerNames,
            [](const Cors &c) {
                return c.exposeHeaders.isEmpty() ? tr("none") : joined(c.exposeHeaders);
            }),
        tr("none"),
        tr("Access-Control-Expose-Headers: response headers a page may read "
           "besides the simple ones, e.g. X-Request-Id"));

    PropertyField credentials = withHint(
        kit.flag(
            QStringLiteral("cors.allowCredentials"), tr("Allow credentials"),
            [](const Policy &p) { return p.cors && p.cors->allowCredentials; },
            [](Policy &p, bool on) {
                if (p.cors)
                    p.cors->allowCredentials = on;
            }),
        {},
        tr("Let pages send cookies and passwords along (Access-Control-Allow-Credentials); the "
           "origin is then echoed, never *. With * among the origins any web site could read "
           "the answers as its visitors: list the origins instead"));
    credentials.enabled = corsOn;
    credentials.inherited = kit.inheritedPart(&Policy::cors, [](const Cors &c) {
        return c.allowCredentials ? tr("allowed") : QString();
    });
    result << credentials;

    result << withHint(
        corsField(
            "maxAge", tr("Max age"),
            [](const Cors &c) { return c.maxAge ? QString::number(*c.maxAge) : QString(); },
            [](Cors &c, const QString &v) {
                c.maxAge = v.isEmpty() ? std::nullopt : numberFrom(v);
            },
            optionalNumber(0, maxSeconds),
            [](const Cors &c) { return QString::number(c.maxAgeSeconds()); }),
        QString::number(Cors::defaultMaxAge),
        tr("Seconds a browser may keep a preflight's answer (Access-Control-Max-Age); empty for "
           "%1 (%2)")
            .arg(Cors::defaultMaxAge)
            .arg(policytext::seconds(Cors::defaultMaxAge)));
    return result;
}

} // namespace

QList<PropertyField> corsFields(const FieldFactory<VirtualHost> &f, const HostPolicy &hostPolicy) {
    return corsFieldsOf(f, hostPolicy);
}

QList<PropertyField> corsFields(const FieldFactory<Route> &f, const HostPolicy &hostPolicy) {
    return corsFieldsOf(f, hostPolicy);
}

} // namespace ingress::ui::fields
