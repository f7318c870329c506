#include "model/topology/referrerpolicies.h"
#include "ui/policytext.h"
#include "ui/properties/policyfieldkit.h"

#include <limits>

namespace ingress::ui::fields {

namespace {

constexpr int maxSeconds = std::numeric_limits<int>::max(); // docs/topology-format.md

// The choice that leaves a header out: an empty entry would hide the combo's placeholder,
// which says what a route takes from its host.
QString notSent() {
    return tr("not sent");
}

// The "Security headers" group of a host's or a route's policy (T). Turned on it starts as the
// recommended preset, which most sites want as it is.
template <typename T>
QList<PropertyField> securityHeaderFieldsOf(const FieldFactory<T> &f,
                                            const HostPolicy &hostPolicy) {
    const PolicyFieldKit<T> kit{f, hostPolicy, tr("Security headers")};
    const auto own = kit.own();
    const auto headersOn = kit.isOn(&Policy::securityHeaders);
    const auto hstsOn = [own] {
        const auto mine = own();
        return mine && mine->securityHeaders && mine->securityHeaders->hsts.has_value();
    };
    const auto inherited = [&kit](std::function<QString(const SecurityHeaders &)> describe) {
        return kit.inheritedPart(&Policy::securityHeaders, std::move(describe));
    };
    // A check box for a flag of the part, written only while the part is on.
    const auto flag = [&kit](const char *key, const QString &label,
                             std::function<bool(const SecurityHeaders &)> isOn,
                             std::function<void(SecurityHeaders &, bool)> turn) {
        return kit.flag(
            QStringLiteral("securityHeaders.") + QLatin1String(key), label,
            [isOn](const Policy &p) { return p.securityHeaders && isOn(*p.securityHeaders); },
            [turn](Policy &p, bool on) {
                if (p.securityHeaders)
                    turn(*p.securityHeaders, on);
            });
    };
    // A header's value from `tokens`, or not sent.
    const auto choice = [&kit, &headersOn, &inherited](const char *key, const QString &label,
                                                       const QStringList &tokens,
                                                       QString SecurityHeaders::*member) {
        PropertyField p = kit.field(
            QStringLiteral("securityHeaders.") + QLatin1String(key), label,
            [member](const Policy &policy) {
                if (!policy.securityHeaders)
                    return QString();
                const QString value = (*policy.securityHeaders).*member;
                return value.isEmpty() ? notSent() : value;
            },
            [member](Policy &policy, const QString &v) {
                if (policy.securityHeaders)
                    (*policy.securityHeaders).*member = v == notSent() ? QString() : v;
            });
        p.editor = PropertyField::Editor::Choice;
        p.choices = QStringList{notSent()} + tokens;
        p.placeholder = notSent();
        p.enabled = headersOn;
        p.inherited = inherited([member](const SecurityHeaders &h) {
            return (h.*member).isEmpty() ? notSent() : h.*member;
        });
        return p;
    };
    // The host's flag, when it is on: what an unchecked box of a route stands for.
    const auto onText = [](bool on) { return on ? tr("on") : QString(); };

    QList<PropertyField> result;
    PropertyField enabled =
        withHint(kit.toggle(QStringLiteral("securityHeaders.enabled"), tr("Security headers"),
                            &Policy::securityHeaders, SecurityHeaders::recommended()),
                 {},
                 tr("Set response headers that harden the site in browsers on every response, "
                    "replacing the backend's; turned on, the recommended ones. On a route, "
                    "unchecked takes the host's"));
    enabled.inherited = inherited(policytext::securityHeaders);
    result << enabled;

    PropertyField hsts = withHint(
        flag(
            "hsts", tr("HSTS"), [](const SecurityHeaders &h) { return h.hsts.has_value(); },
            [](SecurityHeaders &h, bool on) {
                if (!on)
                    h.hsts.reset();
                else if (!h.hsts)
                    h.hsts = Hsts{};
            }),
        {},
        tr("Strict-Transport-Security: browsers that saw it use only HTTPS for the host. Sent on "
           "TLS connections only, so the host needs a certificate"));
    hsts.enabled = headersOn;
    hsts.inherited = inherited([](const SecurityHeaders &h) {
        return h.hsts ? policytext::seconds(h.hsts->maxAge) : QString();
    });
    result << hsts;
    PropertyField hstsAge =
        withHint(kit.field(
                     QStringLiteral("securityHeaders.hsts.maxAge"), tr("HSTS max age"),
                     [](const Policy &p) {
                         return p.securityHeaders && p.securityHeaders->hsts
                                    ? QString::number(p.securityHeaders->hsts->maxAge)
                                    : QString();
                     },
                     [](Policy &p, const QString &v) {
                         if (p.securityHeaders && p.securityHeaders->hsts)
                             p.securityHeaders->hsts->maxAge =
                                 numberFrom(v).value_or(p.securityHeaders->hsts->maxAge);
                     },
                     requiredNumber(hstsOn, 0, maxSeconds)),
                 QString::number(Hsts{}.maxAge),
                 tr("Seconds browsers keep to HTTPS (31536000: a year; 0 makes them forget it)"));
    hstsAge.enabled = hstsOn;
    hstsAge.inherited = inherited([](const SecurityHeaders &h) {
        return h.hsts ? QString::number(h.hsts->maxAge) : QString();
    });
    result << hstsAge;
    PropertyField subdomains =
        withHint(flag(
                     "hsts.includeSubdomains", tr("Include subdomains"),
                     [](const SecurityHeaders &h) { return h.hsts && h.hsts->includeSubdomains; },
                     [](SecurityHeaders &h, bool on) {
                         if (h.hsts)
                             h.hsts->includeSubdomains = on;
                     }),
                 {}, tr("HTTPS only for every subdomain too: check that they all have it first"));
    subdomains.enabled = hstsOn;
    subdomains.inherited = inherited(
        [onText](const SecurityHeaders &h) { return onText(h.hsts && h.hsts->includeSubdomains); });
    result << subdomains;
    PropertyField preload = withHint(
        flag(
            "hsts.preload", tr("Preload"),
            [](const SecurityHeaders &h) { return h.hsts && h.hsts->preload; },
            [](SecurityHeaders &h, bool on) {
                if (h.hsts)
                    h.hsts->preload = on;
            }),
        {},
        tr("Ask to be on browsers' built-in HTTPS list (hstspreload.org), which needs Include "
           "subdomains and a max age of a year or more"));
    preload.enabled = hstsOn;
    preload.inherited =
        inherited([onText](const SecurityHeaders &h) { return onText(h.hsts && h.hsts->preload); });
    result << preload;

    PropertyField noSniff = withHint(
        flag(
            "noSniff", tr("nosniff"), [](const SecurityHeaders &h) { return h.noSniff; },
            [](SecurityHeaders &h, bool on) { h.noSniff = on; }),
        {},
        tr("X-Content-Type-Options: nosniff: browsers take the Content-Type as sent instead of "
           "guessing"));
    noSniff.enabled = headersOn;
    noSniff.inherited = inherited([onText](const SecurityHeaders &h) { return onText(h.noSniff); });
    result << noSniff;

    PropertyField referrer = choice("referrerPolicy", tr("Referrer-Policy"), referrerPolicies(),
                                    &SecurityHeaders::referrerPolicy);
    referrer.toolTip = tr("How much of the page's address browsers send to other sites");
    result << referrer;
    PropertyField frames = choice("frameOptions", tr("X-Frame-Options"),
                                  {QStringLiteral("DENY"), QStringLiteral("SAMEORIGIN")},
                                  &SecurityHeaders::frameOptions);
    frames.toolTip = tr("Who may show the pages in a frame: nobody (DENY) or the site itself "
                        "(SAMEORIGIN)");
    result << frames;
    return result;
}

} // namespace

QList<PropertyField> securityHeaderFields(const FieldFactory<VirtualHost> &f,
                                          const HostPolicy &hostPolicy) {
    return securityHeaderFieldsOf(f, hostPolicy);
}

QList<PropertyField> securityHeaderFields(const FieldFactory<Route> &f,
                                          const HostPolicy &hostPolicy) {
    return securityHeaderFieldsOf(f, hostPolicy);
}

} // namespace ingress::ui::fields
