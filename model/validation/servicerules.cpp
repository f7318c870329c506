#include "model/topology/hostname.h"
#include "model/validation/validationreporter.h"
#include "model/validation/validationrules.h"

namespace ingress::validation {

namespace {

// Kubernetes' default --service-node-port-range.
constexpr int minNodePort = 30000;
constexpr int maxNodePort = 32767;
// HAProxy caps server weights at 256, the tightest of the export targets; 0 drains an endpoint.
constexpr int maxWeight = 256;

void checkEndpoints(ValidationReporter &reporter, const Service &service) {
    if (service.endpoints.isEmpty()) {
        reporter.report(QStringLiteral("service-without-endpoints"),
                        service.src.at(QStringLiteral("endpoints")),
                        QStringLiteral("service '%1' has no endpoints: the embedded proxy answers "
                                       "503 for its routes")
                            .arg(service.name));
        return;
    }
    for (qsizetype i = 0; i < service.endpoints.size(); ++i) {
        const Endpoint &endpoint = service.endpoints[i];
        const SourceLocation addressAt = endpoint.src.at(QStringLiteral("address"));
        QString why;
        const auto hostPort = hostname::parseHostPort(endpoint.address, &why);
        if (!hostPort) {
            reporter.report(QStringLiteral("invalid-endpoint"), addressAt,
                            QStringLiteral("service '%1': endpoint '%2': %3")
                                .arg(service.name, endpoint.address, why));
        } else if (hostPort->host.isEmpty()) {
            reporter.report(QStringLiteral("invalid-endpoint"), addressAt,
                            QStringLiteral("service '%1': endpoint '%2' has no host (expected "
                                           "host:port)")
                                .arg(service.name, endpoint.address));
        }
        for (qsizetype j = 0; j < i; ++j) {
            if (service.endpoints[j].address.compare(endpoint.address, Qt::CaseInsensitive) == 0) {
                reporter.report(
                    QStringLiteral("duplicate-endpoint"), addressAt,
                    QStringLiteral("service '%1' already lists endpoint '%2'%3")
                        .arg(service.name, endpoint.address,
                             ValidationReporter::lineRef(service.endpoints[j].src.node)));
                break;
            }
        }
        if (endpoint.weight < 0 || endpoint.weight > maxWeight) {
            reporter.report(QStringLiteral("invalid-weight"),
                            endpoint.src.at(QStringLiteral("weight")),
                            QStringLiteral("service '%1': endpoint '%2' has weight %3; weights go "
                                           "from 0 (drained) to %4")
                                .arg(service.name, endpoint.address)
                                .arg(endpoint.weight)
                                .arg(maxWeight));
        }
    }
}

void checkHealthCheck(ValidationReporter &reporter, const Service &service) {
    if (!service.healthCheck)
        return;
    const HealthCheck &check = *service.healthCheck;
    const QString rule = QStringLiteral("invalid-health-check");
    const QString prefix = QStringLiteral("service '%1': health check ").arg(service.name);
    if (!check.path.startsWith(u'/') || check.path.contains(u' ')) {
        reporter.report(
            rule, check.src.at(QStringLiteral("path")),
            prefix +
                QStringLiteral("path '%1' must start with '/' and hold no spaces").arg(check.path));
    }
    if (check.interval.count() <= 0) {
        reporter.report(rule, check.src.at(QStringLiteral("interval")),
                        prefix + QStringLiteral("interval must be longer than 0s"));
    }
    if (check.timeout.count() <= 0) {
        reporter.report(rule, check.src.at(QStringLiteral("timeout")),
                        prefix + QStringLiteral("timeout must be longer than 0s"));
    } else if (check.interval.count() > 0 && check.timeout >= check.interval) {
        // Works, but probes pile up: the next one starts before the last one timed out.
        reporter.report(
            rule, Severity::Warning, check.src.at(QStringLiteral("timeout")),
            prefix + QStringLiteral("timeout %1 is not shorter than interval %2")
                         .arg(formatDuration(check.timeout), formatDuration(check.interval)));
    }
    const std::pair<const char *, int> thresholds[] = {
        {"healthyThreshold", check.healthyThreshold},
        {"unhealthyThreshold", check.unhealthyThreshold}};
    for (const auto &[field, value] : thresholds) {
        if (value < 1) {
            const QString name = QString::fromLatin1(field);
            reporter.report(
                rule, check.src.at(name),
                prefix + QStringLiteral("%1 is %2; it must be at least 1").arg(name).arg(value));
        }
    }
}

void checkTimeouts(ValidationReporter &reporter, const Service &service) {
    const std::pair<const char *, const std::optional<Duration> *> timeouts[] = {
        {"connect", &service.timeouts.connect},
        {"response", &service.timeouts.response},
        {"idle", &service.timeouts.idle}};
    for (const auto &[field, value] : timeouts) {
        if (*value && (*value)->count() <= 0) {
            const QString name = QString::fromLatin1(field);
            reporter.report(QStringLiteral("invalid-timeout"), service.timeouts.src.at(name),
                            QStringLiteral("service '%1': %2 timeout must be longer than 0s")
                                .arg(service.name, name));
        }
    }
}

void checkStickySession(ValidationReporter &reporter, const Service &service) {
    if (!service.stickySession)
        return;
    const StickySession &sticky = *service.stickySession;
    // RFC 6265: a cookie name is a token; anything else breaks the Set-Cookie field.
    if (!isToken(sticky.cookie.trimmed()))
        reporter.report(QStringLiteral("invalid-sticky-session"),
                        sticky.src.at(QStringLiteral("cookie")),
                        QStringLiteral("service '%1': sticky session cookie '%2' is not a cookie "
                                       "name (letters, digits and !#$%&'*+-.^_`|~)")
                            .arg(service.name, sticky.cookie));
    if (sticky.ttl && sticky.ttl->count() < 1000)
        reporter.report(QStringLiteral("invalid-sticky-session"),
                        sticky.src.at(QStringLiteral("ttl")),
                        QStringLiteral("service '%1': sticky session ttl must be 1s or longer "
                                       "(leave it out for a cookie that lasts the browser session)")
                            .arg(service.name));
}

} // namespace

void checkServices(ValidationReporter &reporter) {
    const Topology &topology = reporter.topology();
    for (qsizetype i = 0; i < topology.services.size(); ++i) {
        const Service &service = topology.services[i];
        reporter.setSubject(ItemRef::service(int(i)));
        const SourceLocation nameAt = service.src.at(QStringLiteral("name"));
        if (QString why = checkKubernetesName(service.name, false); !why.isEmpty()) {
            reporter.report(QStringLiteral("invalid-name"),
                            service.name.isEmpty() ? Severity::Error : Severity::Warning, nameAt,
                            QStringLiteral("service name '%1': %2").arg(service.name, why));
        }
        for (qsizetype j = 0; j < i; ++j) {
            if (topology.services[j].name == service.name && !service.name.isEmpty()) {
                reporter.report(QStringLiteral("duplicate-service"), nameAt,
                                QStringLiteral("service '%1' is already defined%2")
                                    .arg(service.name, ValidationReporter::lineRef(
                                                           topology.services[j].src.node)));
                break;
            }
        }
        if (service.port < 1 || service.port > 65535) {
            reporter.report(QStringLiteral("invalid-port"), service.src.at(QStringLiteral("port")),
                            QStringLiteral("service '%1': port %2 is not from 1 to 65535")
                                .arg(service.name)
                                .arg(service.port));
        }
        if (service.nodePort) {
            const SourceLocation nodePortAt = service.src.at(QStringLiteral("nodePort"));
            if (service.type == ServiceType::ClusterIP) {
                reporter.report(QStringLiteral("nodeport-not-allowed"), nodePortAt,
                                QStringLiteral("service '%1' is ClusterIP: Kubernetes ignores its "
                                               "nodePort (use type NodePort or LoadBalancer)")
                                    .arg(service.name));
            } else if (*service.nodePort < minNodePort || *service.nodePort > maxNodePort) {
                reporter.report(QStringLiteral("nodeport-range"), nodePortAt,
                                QStringLiteral("service '%1': nodePort %2 is outside %3-%4")
                                    .arg(service.name)
                                    .arg(*service.nodePort)
                                    .arg(minNodePort)
                                    .arg(maxNodePort));
            }
        }
        checkEndpoints(reporter, service);
        checkHealthCheck(reporter, service);
        checkTimeouts(reporter, service);
        checkStickySession(reporter, service);
    }
    // About the topology as a whole, not one of its services.
    reporter.setSubject({});
    if (!topology.defaultService.isEmpty() && !reporter.hasService(topology.defaultService)) {
        reporter.report(QStringLiteral("unknown-default-service"),
                        topology.src.at(QStringLiteral("defaultService")),
                        QStringLiteral("defaultService '%1' is not a service of this topology")
                            .arg(topology.defaultService));
    }
}

} // namespace ingress::validation
