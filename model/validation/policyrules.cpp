#include "model/routing/ipblock.h"
#include "model/validation/validationreporter.h"
#include "model/validation/validationrules.h"

#include <algorithm>
#include <QUrl>

namespace ingress::validation {

namespace {

void checkBlocks(ValidationReporter &reporter, const QStringList &blocks, SourceLocation at,
                 const QString &owner, const char *field) {
    for (const QString &text : blocks) {
        if (!IpBlock::parse(text.trimmed().toStdString()))
            reporter.report(QStringLiteral("invalid-cidr"), at,
                            QStringLiteral("%1: '%2' in '%3' is not an IP address or CIDR block "
                                           "(10.0.0.0/8, 2001:db8::/32, 192.0.2.7)")
                                .arg(owner, text, QLatin1String(field)));
    }
}

void checkCors(ValidationReporter &reporter, const Cors &cors, const QString &owner) {
    const SourceLocation originsAt = cors.src.at(QStringLiteral("allowOrigins"));
    for (const QString &origin : cors.allowOrigins)
        if (!isCorsOrigin(origin.trimmed()))
            reporter.report(QStringLiteral("invalid-cors"), originsAt,
                            QStringLiteral("%1: CORS origin '%2' is not an origin "
                                           "(https://app.example.com, https://*.example.com or "
                                           "*): browsers send no path and no trailing slash")
                                .arg(owner, origin));
    for (const char *field : {"allowMethods", "allowHeaders", "exposeHeaders"}) {
        const QStringList &names = qstrcmp(field, "allowMethods") == 0   ? cors.allowMethods
                                   : qstrcmp(field, "allowHeaders") == 0 ? cors.allowHeaders
                                                                         : cors.exposeHeaders;
        for (const QString &name : names)
            if (!isToken(name.trimmed()) && name.trimmed() != u'*')
                reporter.report(QStringLiteral("invalid-cors"), cors.src.at(QLatin1String(field)),
                                QStringLiteral("%1: '%2' in '%3' is not a method or header name")
                                    .arg(owner, name, QLatin1String(field)));
    }
    if (cors.allowCredentials && cors.allowOrigins.contains(QStringLiteral("*")))
        reporter.report(QStringLiteral("cors-any-origin-credentials"),
                        cors.src.at(QStringLiteral("allowCredentials")),
                        QStringLiteral("%1: CORS with credentials for any origin lets every web "
                                       "site read this host's answers as its signed-in users")
                            .arg(owner));
}

// A request target: '/' then printable ASCII without spaces (a query is allowed).
bool isRequestPath(const QString &path) {
    return path.startsWith(u'/') && std::all_of(path.cbegin(), path.cend(), [](QChar c) {
               return c.unicode() > 0x20 && c.unicode() < 0x7f;
           });
}

void checkExternalAuth(ValidationReporter &reporter, const ExternalAuth &auth,
                       const QString &owner) {
    const QString service = auth.service.trimmed();
    if (service.isEmpty())
        reporter.report(QStringLiteral("invalid-external-auth"), auth.src.node,
                        QStringLiteral("%1: externalAuth names no service").arg(owner));
    else if (!reporter.hasService(service))
        reporter.report(QStringLiteral("unknown-service"), auth.src.at(QStringLiteral("service")),
                        QStringLiteral("%1: externalAuth names service '%2', which does not "
                                       "exist")
                            .arg(owner, service));
    if (!isRequestPath(auth.path.trimmed()))
        reporter.report(QStringLiteral("invalid-external-auth"),
                        auth.src.at(QStringLiteral("path")),
                        QStringLiteral("%1: externalAuth path '%2' is not a request path "
                                       "(/auth, /oauth2/auth?allowed_groups=admins)")
                            .arg(owner, auth.path));
    for (const QString &header : auth.responseHeaders)
        if (!isToken(header.trimmed()))
            reporter.report(QStringLiteral("invalid-external-auth"),
                            auth.src.at(QStringLiteral("responseHeaders")),
                            QStringLiteral("%1: '%2' in externalAuth responseHeaders is not an "
                                           "HTTP header name")
                                .arg(owner, header));
    const QString signIn = auth.signIn.trimmed();
    const QUrl url(signIn, QUrl::StrictMode);
    const bool absolute =
        (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")) &&
        !url.host().isEmpty();
    if (!signIn.isEmpty() && !(url.isValid() && (absolute || isRequestPath(signIn))))
        reporter.report(QStringLiteral("invalid-external-auth"),
                        auth.src.at(QStringLiteral("signIn")),
                        QStringLiteral("%1: externalAuth signIn '%2' is not an http(s) URL or a "
                                       "path (https://auth.example.com/oauth2/start)")
                            .arg(owner, auth.signIn));
}

void checkSecurityHeaders(ValidationReporter &reporter, const SecurityHeaders &headers,
                          const VirtualHost &host, const QString &owner) {
    if (!headers.hsts)
        return;
    const SourceLocation at = headers.src.at(QStringLiteral("hsts"));
    if (host.tls.isEmpty())
        reporter.report(QStringLiteral("hsts-without-tls"), at,
                        QStringLiteral("%1: HSTS on a host without TLS is never sent (browsers "
                                       "ignore it over plain HTTP)")
                            .arg(owner));
    // hstspreload.org refuses a preload request without these.
    if (headers.hsts->preload &&
        (headers.hsts->maxAge < 31536000 || !headers.hsts->includeSubdomains))
        reporter.report(QStringLiteral("hsts-preload"), at,
                        QStringLiteral("%1: HSTS preload needs includeSubdomains and a maxAge of "
                                       "at least 31536000 (one year)")
                            .arg(owner));
}

void checkPolicy(ValidationReporter &reporter, const Policy &policy, const VirtualHost &host,
                 const QString &owner) {
    checkBlocks(reporter, policy.allow, policy.src.at(QStringLiteral("allow")), owner, "allow");
    checkBlocks(reporter, policy.deny, policy.src.at(QStringLiteral("deny")), owner, "deny");
    if (policy.basicAuth) {
        const BasicAuth &auth = *policy.basicAuth;
        const SourceLocation fileAt = auth.src.at(QStringLiteral("htpasswd"));
        if (auth.htpasswd.trimmed().isEmpty()) {
            reporter.report(QStringLiteral("htpasswd-file"), fileAt,
                            QStringLiteral("%1: basicAuth needs an htpasswd file").arg(owner));
        } else if (const auto &check = reporter.context().checkHtpasswdFile) {
            if (const QString why = check(reporter.topology().resolvePath(auth.htpasswd));
                !why.isEmpty())
                reporter.report(QStringLiteral("htpasswd-file"), fileAt,
                                QStringLiteral("%1: %2").arg(owner, why));
        }
        if (host.tls.isEmpty())
            reporter.report(QStringLiteral("basic-auth-without-tls"),
                            policy.src.at(QStringLiteral("basicAuth")),
                            QStringLiteral("%1: basic auth on a host without TLS sends passwords "
                                           "in clear text")
                                .arg(owner));
    }
    if (policy.externalAuth)
        checkExternalAuth(reporter, *policy.externalAuth, owner);
    if (policy.rateLimit && !policy.rateLimit->header.isEmpty() &&
        !isToken(policy.rateLimit->header.trimmed()))
        reporter.report(QStringLiteral("invalid-header"),
                        policy.rateLimit->src.at(QStringLiteral("header")),
                        QStringLiteral("%1: rate limit header '%2' is not an HTTP header name")
                            .arg(owner, policy.rateLimit->header));
    if (policy.cors)
        checkCors(reporter, *policy.cors, owner);
    if (policy.securityHeaders)
        checkSecurityHeaders(reporter, *policy.securityHeaders, host, owner);
}

} // namespace

void checkPolicies(ValidationReporter &reporter) {
    const Topology &topology = reporter.topology();
    for (qsizetype i = 0; i < topology.listeners.size(); ++i) {
        const Listener &listener = topology.listeners[i];
        reporter.setSubject(ItemRef::listener(int(i)));
        checkBlocks(reporter, listener.trustedProxies,
                    listener.src.at(QStringLiteral("trustedProxies")),
                    QStringLiteral("listener '%1'").arg(listener.name), "trustedProxies");
    }
    for (qsizetype h = 0; h < topology.hosts.size(); ++h) {
        const VirtualHost &host = topology.hosts[h];
        reporter.setSubject(ItemRef::virtualHost(int(h)));
        checkPolicy(reporter, host.policy, host, QStringLiteral("host '%1'").arg(host.host));
        for (qsizetype r = 0; r < host.routes.size(); ++r) {
            const Route &route = host.routes[r];
            reporter.setSubject(ItemRef::route(int(h), int(r)));
            checkPolicy(
                reporter, route.policy, host,
                QStringLiteral("route '%1' of host '%2'").arg(route.firstMatch().path, host.host));
        }
    }
    reporter.setSubject({});
}

} // namespace ingress::validation
