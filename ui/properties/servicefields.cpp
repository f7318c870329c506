#include "model/routing/routingtable.h"
#include "model/topology/enums.h"
#include "model/validation/validationrules.h"
#include "ui/properties/fieldfactory.h"
#include "ui/properties/propertyfields.h"

namespace ingress::ui::fields {

namespace {

// Setting any health-check field turns checks on with the format's defaults for the rest.
HealthCheck &healthOf(Service &s) {
    if (!s.healthCheck)
        s.healthCheck = HealthCheck{};
    return *s.healthCheck;
}

QString endpointsText(const Service &s) {
    QStringList parts;
    for (const Endpoint &e : s.endpoints)
        parts << (e.weight == 1 ? e.address : QStringLiteral("%1*%2").arg(e.address).arg(e.weight));
    return parts.join(QLatin1String(", "));
}

void setEndpoints(Service &s, const QString &text) {
    QList<Endpoint> endpoints;
    for (const QString &part : commaList(text)) {
        const QStringList addressWeight = part.split(u'*');
        Endpoint e;
        e.address = addressWeight.at(0).trimmed();
        e.weight = addressWeight.size() > 1 ? addressWeight.at(1).trimmed().toInt() : 1;
        // Keep where an unchanged endpoint was written.
        for (const Endpoint &old : std::as_const(s.endpoints))
            if (old.address == e.address)
                e.src = old.src;
        endpoints << e;
    }
    s.endpoints = endpoints;
}

QString selectorText(const Service &s) {
    QStringList parts;
    for (auto it = s.selector.cbegin(); it != s.selector.cend(); ++it)
        parts << it.key() + u'=' + it.value();
    return parts.join(QLatin1String(", "));
}

void setSelector(Service &s, const QString &text) {
    s.selector.clear();
    for (const QString &part : commaList(text)) {
        const qsizetype eq = part.indexOf(u'=');
        if (eq > 0)
            s.selector.insert(part.left(eq).trimmed(), part.mid(eq + 1).trimmed());
    }
}

// As the invalid-sticky-session rule has it (model/validation/servicerules.cpp); empty takes
// the default name.
QString cookieName(const QString &text) {
    return text.isEmpty() || validation::isToken(text)
               ? QString()
               : tr("'%1' is not a cookie name (letters, digits and !#$%&'*+-.^_`|~)").arg(text);
}

QString cookieTtl(const QString &text) {
    if (const QString error = checks::optionalDuration(text); !error.isEmpty())
        return error;
    const auto ttl = durationFrom(text);
    return !ttl || *ttl >= std::chrono::seconds(1)
               ? QString()
               : tr("A sticky cookie lasts 1s or longer; empty for one that lasts the browser "
                    "session");
}

// Cookie affinity on top of load balancing: the box turns it on with the format's defaults
// (INGRESSCOOKIE, a browser-session cookie); the cookie's fields are greyed out while it is
// off.
QList<PropertyField> stickySessionFields(const FieldFactory<Service> &f) {
    const auto isOn = [document = f.document, current = f.current] {
        const ItemRef ref = current();
        return document->contains(ref) && document->item<Service>(ref).stickySession.has_value();
    };
    PropertyField enabled = withHint(
        f.toggle(
            QStringLiteral("stickySession.enabled"), tr("Sticky sessions"),
            [](const Service &s) { return s.stickySession.has_value(); },
            [](Service &s, bool on) {
                if (!on)
                    s.stickySession.reset();
                else if (!s.stickySession)
                    s.stickySession = StickySession{};
            }),
        {},
        tr("Keep each client on one endpoint: the first answer sets a cookie naming the endpoint "
           "chosen, and later requests with it go there while it is healthy"));
    PropertyField cookie = withHint(
        f.make(
            QStringLiteral("stickySession.cookie"), tr("Sticky cookie"),
            [](const Service &s) { return s.stickySession ? s.stickySession->cookie : QString(); },
            [](Service &s, const QString &v) {
                if (s.stickySession)
                    s.stickySession->cookie = v.isEmpty() ? StickySession{}.cookie : v;
            },
            cookieName),
        StickySession{}.cookie,
        tr("The cookie's name: letters, digits and !#$%&'*+-.^_`|~; empty for %1 "
           "(ingress-nginx's default)")
            .arg(StickySession{}.cookie));
    cookie.enabled = isOn;
    PropertyField ttl = withHint(
        f.make(
            QStringLiteral("stickySession.ttl"), tr("Sticky cookie TTL"),
            [](const Service &s) {
                return s.stickySession ? durationText(s.stickySession->ttl) : QString();
            },
            [](Service &s, const QString &v) {
                if (s.stickySession)
                    s.stickySession->ttl = durationFrom(v);
            },
            cookieTtl),
        tr("browser session"),
        tr("How long the cookie lasts (its Max-Age), such as 12h or 30m, 1s or longer; empty "
           "for a cookie dropped when the browser closes"));
    ttl.enabled = isOn;
    return {enabled, cookie, ttl};
}

} // namespace

QList<PropertyField> serviceFields(const FieldFactory<Service> &f) {
    const auto healthNumber = [&f](const QString &key, const QString &label,
                                   int HealthCheck::*member, const QString &hint) {
        return withHint(f.make(
                            key, label,
                            [member](const Service &s) {
                                return s.healthCheck ? QString::number((*s.healthCheck).*member)
                                                     : QString();
                            },
                            [member](Service &s, const QString &v) {
                                if (const auto n = numberFrom(v))
                                    healthOf(s).*member = *n;
                            },
                            checks::threshold),
                        QString::number(HealthCheck{}.*member), hint);
    };
    const auto healthDuration = [&f](const QString &key, const QString &label,
                                     Duration HealthCheck::*member) {
        return withHint(f.make(
                            key, label,
                            [member](const Service &s) {
                                return s.healthCheck ? formatDuration((*s.healthCheck).*member)
                                                     : QString();
                            },
                            [member](Service &s, const QString &v) {
                                if (const auto d = durationFrom(v))
                                    healthOf(s).*member = *d;
                            },
                            checks::optionalDuration),
                        formatDuration(HealthCheck{}.*member), durationSyntax());
    };
    const auto timeout = [&f](const QString &key, const QString &label,
                              std::optional<Duration> ServiceTimeouts::*member,
                              Duration engineDefault) {
        return withHint(
            f.make(
                key, label, [member](const Service &s) { return durationText(s.timeouts.*member); },
                [member](Service &s, const QString &v) { s.timeouts.*member = durationFrom(v); },
                checks::optionalDuration),
            formatDuration(engineDefault), durationSyntax());
    };
    QList<PropertyField> result{
        f.make(
            QStringLiteral("name"), tr("Name"), [](const Service &s) { return s.name; },
            [](Service &s, const QString &v) { s.name = v; }, checks::requiredName),
        withHint(f.make(
                     QStringLiteral("namespace"), tr("Namespace"),
                     [](const Service &s) { return s.nameSpace; },
                     [](Service &s, const QString &v) { s.nameSpace = v; }),
                 QStringLiteral("default"), tr("The Kubernetes namespace, for the exporter")),
        f.choice(
            QStringLiteral("type"), tr("Type"), enumNames<ServiceType>(),
            [](const Service &s) { return toString(s.type); },
            [](Service &s, const QString &v) {
                s.type = enumFromString<ServiceType>(v).value_or(s.type);
            }),
        f.make(
            QStringLiteral("port"), tr("Port"),
            [](const Service &s) { return QString::number(s.port); },
            [](Service &s, const QString &v) { s.port = v.toInt(); }, checks::port),
        withHint(f.make(
                     QStringLiteral("nodePort"), tr("Node port"),
                     [](const Service &s) {
                         return s.nodePort ? QString::number(*s.nodePort) : QString();
                     },
                     [](Service &s, const QString &v) { s.nodePort = numberFrom(v); },
                     checks::optionalPort),
                 tr("assigned by Kubernetes"),
                 tr("The port on every node for type NodePort, from 30000 to 32767")),
        f.choice(
            QStringLiteral("loadBalancing"), tr("Load balancing"), enumNames<LoadBalancing>(),
            [](const Service &s) { return toString(s.loadBalancing); },
            [](Service &s, const QString &v) {
                s.loadBalancing = enumFromString<LoadBalancing>(v).value_or(s.loadBalancing);
            }),
    };
    result << stickySessionFields(f);
    result << QList<PropertyField>{
        withHint(f.make(QStringLiteral("selector"), tr("Pod selector"), selectorText, setSelector,
                        checks::selector),
                 QStringLiteral("app=food, tier=web"),
                 tr("Pod labels for the Kubernetes exporter: label=value, separated by commas")),
        withHint(f.make(QStringLiteral("endpoints"), tr("Endpoints"), endpointsText, setEndpoints,
                        checks::endpoints),
                 QStringLiteral("10.0.0.1:8080, 10.0.0.2:8080*3"),
                 tr("address:port of each endpoint, separated by commas; *N after one gives it "
                    "weight N (default 1, 0 drains it), so 10.0.0.2:8080*3 takes three times the "
                    "requests of 10.0.0.1:8080")),
        withHint(
            f.make(
                QStringLiteral("healthCheck.path"), tr("Health check path"),
                [](const Service &s) { return s.healthCheck ? s.healthCheck->path : QString(); },
                [](Service &s, const QString &v) {
                    if (v.isEmpty())
                        s.healthCheck.reset();
                    else
                        healthOf(s).path = v;
                },
                [](const QString &v) { return v.isEmpty() ? QString() : checks::path(v, {}); }),
            tr("no health check"),
            tr("The path each endpoint is asked for, e.g. /healthz; empty turns active "
               "checks off")),
        healthDuration(QStringLiteral("healthCheck.interval"), tr("Health check interval"),
                       &HealthCheck::interval),
        healthDuration(QStringLiteral("healthCheck.timeout"), tr("Health check timeout"),
                       &HealthCheck::timeout),
        healthNumber(QStringLiteral("healthCheck.unhealthyThreshold"), tr("Unhealthy after"),
                     &HealthCheck::unhealthyThreshold,
                     tr("Failed checks in a row (1-100) before an endpoint is taken out")),
        healthNumber(QStringLiteral("healthCheck.healthyThreshold"), tr("Healthy after"),
                     &HealthCheck::healthyThreshold,
                     tr("Passed checks in a row (1-100) before it is put back")),
        timeout(QStringLiteral("timeouts.connect"), tr("Connect timeout"),
                &ServiceTimeouts::connect, CompiledService{}.connectTimeout),
        timeout(QStringLiteral("timeouts.response"), tr("Response timeout"),
                &ServiceTimeouts::response, CompiledService{}.responseTimeout),
        timeout(QStringLiteral("timeouts.idle"), tr("Idle timeout"), &ServiceTimeouts::idle,
                CompiledService{}.idleTimeout),
    };
    return result;
}

} // namespace ingress::ui::fields
