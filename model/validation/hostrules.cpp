#include "model/topology/hostname.h"
#include "model/validation/validationreporter.h"
#include "model/validation/validationrules.h"

#include <QHash>

namespace ingress::validation {

namespace {

void checkListenerRefs(ValidationReporter &reporter, const VirtualHost &host) {
    const Topology &topology = reporter.topology();
    for (const QString &name : host.listeners) {
        if (!topology.findListener(name)) {
            reporter.report(
                QStringLiteral("unknown-listener"), host.src.at(QStringLiteral("listeners")),
                QStringLiteral("host '%1': no listener is named '%2'").arg(host.host, name));
        }
    }
}

void checkTls(ValidationReporter &reporter, const VirtualHost &host) {
    if (host.tls.isEmpty())
        return;
    const Topology &topology = reporter.topology();
    const SourceLocation tlsAt = host.src.at(QStringLiteral("tls"));
    const Certificate *certificate = topology.findCertificate(host.tls);
    if (!certificate) {
        reporter.report(
            QStringLiteral("unknown-certificate"), tlsAt,
            QStringLiteral("host '%1': no certificate is named '%2'").arg(host.host, host.tls));
        return;
    }
    // A certificate that could not be read was reported by the certificate rules already.
    // The routes for every host ("*") present their certificate to clients no other host
    // takes: no name to check it against.
    if (const CertificateInfo *info = reporter.certificateInfo(host.tls);
        info && !host.isCatchAll() && !info->covers(host.host)) {
        const QStringList names = info->names();
        reporter.report(QStringLiteral("tls-host-not-covered"), tlsAt,
                        QStringLiteral("certificate '%1' is not valid for '%2': it covers %3")
                            .arg(host.tls, host.host,
                                 names.isEmpty() ? QStringLiteral("no DNS names")
                                                 : names.join(QLatin1String(", "))));
    }
    const bool onHttps =
        std::any_of(topology.listeners.begin(), topology.listeners.end(), [&](const Listener &l) {
            return l.protocol == Protocol::Https &&
                   (host.listeners.isEmpty() || host.listeners.contains(l.name));
        });
    if (!onHttps && !topology.listeners.isEmpty()) {
        reporter.report(QStringLiteral("tls-without-https-listener"), tlsAt,
                        QStringLiteral("host '%1' has TLS but none of its listeners is HTTPS: the "
                                       "certificate is never presented")
                            .arg(host.host));
    }
}

} // namespace

void checkHosts(ValidationReporter &reporter) {
    const Topology &topology = reporter.topology();
    // Earlier hosts by lower-cased name: keeps duplicate detection linear for 10,000 hosts.
    QHash<QString, QList<qsizetype>> seen;
    seen.reserve(topology.hosts.size());
    for (qsizetype i = 0; i < topology.hosts.size(); ++i) {
        const VirtualHost &host = topology.hosts[i];
        reporter.setSubject(ItemRef::virtualHost(int(i)));
        const SourceLocation hostAt = host.src.at(QStringLiteral("host"));
        if (QString why = host.isCatchAll() ? QString() : hostname::checkHost(host.host);
            !why.isEmpty()) {
            reporter.report(QStringLiteral("invalid-host"), hostAt,
                            QStringLiteral("host '%1': %2").arg(host.host, why));
        }
        QList<qsizetype> &sameName = seen[host.host.toLower()];
        for (qsizetype j : std::as_const(sameName)) {
            const VirtualHost &other = topology.hosts[j];
            if (listenersOverlap(other.listeners, host.listeners)) {
                reporter.report(QStringLiteral("duplicate-host"), hostAt,
                                QStringLiteral("host '%1' is already defined%2 on a shared "
                                               "listener; merge their routes")
                                    .arg(host.host, ValidationReporter::lineRef(
                                                        other.src.at(QStringLiteral("host")))));
                break;
            }
        }
        sameName.append(i);
        checkListenerRefs(reporter, host);
        checkTls(reporter, host);
    }
    reporter.setSubject({});
}

} // namespace ingress::validation
