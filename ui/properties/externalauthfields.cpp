#include "ui/policytext.h"
#include "ui/properties/policyfieldkit.h"

namespace ingress::ui::fields {

namespace {

// Outside the template: GCC 12 fails (internal compiler error) on ExternalAuth{} there, whose
// path initializer is a QStringLiteral, i.e. a lambda (as Cors{} in corsfields.cpp).
ExternalAuth freshExternalAuth() {
    return ExternalAuth{};
}

QString joined(const QStringList &list) {
    return list.join(QLatin1String(", "));
}

// The "External auth" group of a host's or a route's policy (T): the service that decides,
// the path it is asked for, the headers copied from its answer and where a 401 sends browsers.
// A route's fields show its host's while it has no external auth of its own.
template <typename T>
QList<PropertyField> externalAuthFieldsOf(const FieldFactory<T> &f, const HostPolicy &hostPolicy) {
    const PolicyFieldKit<T> kit{f, hostPolicy, tr("External auth")};
    auto document = f.document;
    const auto authOn = kit.isOn(&Policy::externalAuth);
    // A text field of the part, written only while the part is on (greyed out otherwise).
    const auto authField = [&kit, &authOn](const char *key, const QString &label,
                                           std::function<QString(const ExternalAuth &)> get,
                                           std::function<void(ExternalAuth &, const QString &)> set,
                                           std::function<QString(const QString &)> check,
                                           std::function<QString(const ExternalAuth &)> inherited) {
        PropertyField p = kit.field(
            QStringLiteral("externalAuth.") + QLatin1String(key), label,
            [get](const Policy &policy) {
                return policy.externalAuth ? get(*policy.externalAuth) : QString();
            },
            [set](Policy &policy, const QString &v) {
                if (policy.externalAuth)
                    set(*policy.externalAuth, v);
            },
            std::move(check));
        p.enabled = authOn;
        p.inherited = kit.inheritedPart(&Policy::externalAuth, inherited);
        return p;
    };

    QList<PropertyField> result;
    PropertyField enabled =
        withHint(kit.toggle(QStringLiteral("externalAuth.enabled"), tr("External auth"),
                            &Policy::externalAuth, freshExternalAuth()),
                 {},
                 tr("Ask another service (oauth2-proxy, Authelia, your own) before each request "
                    "goes on: a 2xx answer lets it through, any other is returned to the client. "
                    "Checked after the limits, the access list and basic auth. On a route, "
                    "unchecked takes the host's"));
    enabled.inherited = kit.inheritedPart(&Policy::externalAuth, policytext::externalAuth);
    result << enabled;

    PropertyField service = withHint(
        authField(
            "service", tr("Service"), [](const ExternalAuth &a) { return a.service; },
            [](ExternalAuth &a, const QString &v) { a.service = v; },
            [document, authOn](const QString &v) {
                return v.isEmpty() && !authOn()
                           ? QString()
                           : checks::serviceName(v, names(document->topology().services));
            },
            [](const ExternalAuth &a) { return a.service; }),
        QStringLiteral("oauth2-proxy"),
        tr("The service that decides, one of the topology's; its endpoints, load balancing and "
           "timeouts apply to these requests too"));
    service.editor = PropertyField::Editor::Choice;
    service.editable = true;
    service.choices = names(document->topology().services);
    result << service;

    result << withHint(
        authField(
            "path", tr("Path"), [](const ExternalAuth &a) { return a.path; },
            [](ExternalAuth &a, const QString &v) {
                a.path = v.isEmpty() ? QStringLiteral("/") : v;
            },
            [](const QString &v) { return v.isEmpty() ? QString() : checks::requestPath(v); },
            [](const ExternalAuth &a) { return a.path; }),
        QStringLiteral("/oauth2/auth"),
        tr("What the service is asked for (GET, with the request's headers and "
           "X-Forwarded-*, X-Original-URL); may carry a query, e.g. "
           "/auth?group=admins. Empty: /"));
    result << withHint(
        authField(
            "responseHeaders", tr("Response headers"),
            [](const ExternalAuth &a) { return joined(a.responseHeaders); },
            [](ExternalAuth &a, const QString &v) { a.responseHeaders = commaList(v); },
            checks::headerNames,
            [](const ExternalAuth &a) {
                return a.responseHeaders.isEmpty() ? tr("none") : joined(a.responseHeaders);
            }),
        QStringLiteral("X-Auth-Request-User, X-Auth-Request-Email"),
        tr("Headers copied from a 2xx answer onto the request for the backend, separated by "
           "commas; the client's own values of them are always removed"));
    result << withHint(
        authField(
            "signIn", tr("Sign-in URL"), [](const ExternalAuth &a) { return a.signIn; },
            [](ExternalAuth &a, const QString &v) { a.signIn = v; }, checks::signInUrl,
            [](const ExternalAuth &a) {
                return a.signIn.isEmpty() ? tr("the 401 as it came") : a.signIn;
            }),
        QStringLiteral("https://auth.example.com/oauth2/start"),
        tr("Where a 401 sends browsers instead (302), with rd set to the request's URL: an "
           "http(s) URL or a path. Empty: the 401 goes to the client as it came"));
    return result;
}

} // namespace

QList<PropertyField> externalAuthFields(const FieldFactory<VirtualHost> &f,
                                        const HostPolicy &hostPolicy) {
    return externalAuthFieldsOf(f, hostPolicy);
}

QList<PropertyField> externalAuthFields(const FieldFactory<Route> &f,
                                        const HostPolicy &hostPolicy) {
    return externalAuthFieldsOf(f, hostPolicy);
}

} // namespace ingress::ui::fields
