#include "model/routing/ipblock.h"
#include "model/validation/validationreporter.h"
#include "model/validation/validationrules.h"

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
    if (policy.rateLimit && !policy.rateLimit->header.isEmpty() &&
        !isToken(policy.rateLimit->header.trimmed()))
        reporter.report(QStringLiteral("invalid-header"),
                        policy.rateLimit->src.at(QStringLiteral("header")),
                        QStringLiteral("%1: rate limit header '%2' is not an HTTP header name")
                            .arg(owner, policy.rateLimit->header));
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
