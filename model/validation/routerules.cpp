#include "model/topology/enums.h"
#include "model/topology/hostname.h"
#include "model/validation/validationreporter.h"
#include "model/validation/validationrules.h"

#include <algorithm>
#include <arpa/inet.h>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace ingress::validation {

namespace {

// "host 'a.com' route #2 (Prefix /api)": how messages name a route.
QString routeName(const VirtualHost &host, qsizetype index, const Route &route) {
    const RouteMatchRule &first = route.firstMatch();
    return QStringLiteral("host '%1' route #%2 (%3 %4%5)")
        .arg(host.host)
        .arg(index + 1)
        .arg(toString(first.pathType), first.path,
             route.matches.size() > 1
                 ? QStringLiteral(", and %1 more matches").arg(route.matches.size() - 1)
                 : QString());
}

// "..., match #2": names a match of a route with several.
QString matchName(const QString &routeName, const Route &route, qsizetype match) {
    return route.matches.size() > 1 ? QStringLiteral("%1, match #%2").arg(routeName).arg(match + 1)
                                    : routeName;
}

bool isIpAddress(const QString &text) {
    const QByteArray latin = text.toLatin1();
    in6_addr buffer{};
    return inet_pton(AF_INET, latin.constData(), &buffer) == 1 ||
           inet_pton(AF_INET6, latin.constData(), &buffer) == 1;
}

bool hasControlOrSpace(QStringView text) {
    return std::any_of(text.begin(), text.end(),
                       [](QChar c) { return c.unicode() <= 0x20 || c.unicode() == 0x7f; });
}

// Why a literal path (Exact / Prefix, a redirect's path) is unusable; empty if fine.
QString checkLiteralPath(const QString &path) {
    if (path.isEmpty())
        return QStringLiteral("the path is empty");
    if (!path.startsWith(u'/'))
        return QStringLiteral("'%1' does not start with '/'").arg(path);
    if (hasControlOrSpace(path))
        return QStringLiteral("'%1' holds spaces or control characters (percent-encode them)")
            .arg(path);
    if (path.contains(u'?') || path.contains(u'#'))
        return QStringLiteral("'%1' holds '?' or '#': routes match the path only, not the query "
                              "or fragment")
            .arg(path);
    return {};
}

void reportBadRegex(ValidationReporter &reporter, SourceLocation at, const QString &what,
                    const QString &pattern) {
    const QRegularExpression regex(pattern);
    if (!regex.isValid()) {
        reporter.report(QStringLiteral("invalid-regex"), at,
                        QStringLiteral("%1: %2 at offset %3 of '%4'")
                            .arg(what, regex.errorString())
                            .arg(regex.patternErrorOffset())
                            .arg(pattern));
    }
}

void checkPath(ValidationReporter &reporter, const QString &name, const RouteMatchRule &match) {
    const SourceLocation pathAt = match.src.at(QStringLiteral("path"));
    if (match.pathType != PathType::Regex) {
        if (QString why = checkLiteralPath(match.path); !why.isEmpty())
            reporter.report(QStringLiteral("invalid-path"), pathAt,
                            QStringLiteral("%1: %2").arg(name, why));
        return;
    }
    reportBadRegex(reporter, pathAt, name, match.path);
}

bool hasControlCharacter(const QString &value) {
    return std::any_of(value.begin(), value.end(), [](QChar c) {
        return (c.unicode() < 0x20 && c != u'\t') || c.unicode() == 0x7f;
    });
}

// A header name and value that can go on the wire; reported under `rule`.
void checkHeader(ValidationReporter &reporter, const QString &rule, SourceLocation at,
                 const QString &name, const QString &header, const QString &value) {
    if (!isToken(header)) {
        reporter.report(rule, at,
                        QStringLiteral("%1: '%2' is not a header name (letters, digits and "
                                       "!#$%&'*+-.^_`|~ only)")
                            .arg(name, header));
    } else if (hasControlCharacter(value)) {
        reporter.report(rule, at,
                        QStringLiteral("%1: the value of header '%2' holds control characters")
                            .arg(name, header));
    }
}

void checkConditions(ValidationReporter &reporter, const QString &name,
                     const RouteMatchRule &match) {
    for (const QString &method : match.methods) {
        if (!isToken(method)) {
            reporter.report(
                QStringLiteral("invalid-method"), match.src.at(QStringLiteral("methods")),
                QStringLiteral("%1: '%2' is not an HTTP method name").arg(name, method));
        }
    }
    const SourceLocation headersAt = match.src.at(QStringLiteral("headers"));
    for (const HeaderMatch &header : match.headers) {
        if (header.type == ValueMatch::RegularExpression) {
            checkHeader(reporter, QStringLiteral("invalid-header"), headersAt, name, header.name,
                        QString());
            reportBadRegex(reporter, headersAt,
                           QStringLiteral("%1: header '%2'").arg(name, header.name), header.value);
        } else {
            checkHeader(reporter, QStringLiteral("invalid-header"), headersAt, name, header.name,
                        header.value);
        }
    }
    const SourceLocation queryAt = match.src.at(QStringLiteral("queryParams"));
    for (const HeaderMatch &param : match.queryParams) {
        if (param.name.isEmpty())
            reporter.report(
                QStringLiteral("invalid-query-param"), queryAt,
                QStringLiteral("%1: a query parameter match names no parameter").arg(name));
        if (param.type == ValueMatch::RegularExpression)
            reportBadRegex(reporter, queryAt,
                           QStringLiteral("%1: query parameter '%2'").arg(name, param.name),
                           param.value);
    }
}

void checkHeaderFilter(ValidationReporter &reporter, const QString &name, const char *field,
                       const HeaderFilter &filter) {
    const QString rule = QStringLiteral("invalid-header-filter");
    const QString what = QStringLiteral("%1 %2").arg(name, QLatin1String(field));
    QSet<QString> seen;
    auto once = [&](const QString &header, SourceLocation at) {
        // Two edits of one header would depend on the order they are applied in, which
        // Gateway API leaves to implementations: refused, as its validation does.
        const QString key = header.trimmed().toLower();
        if (seen.contains(key))
            reporter.report(rule, at,
                            QStringLiteral("%1: header '%2' is edited twice; one edit a "
                                           "header")
                                .arg(what, header));
        seen.insert(key);
    };
    for (const char *part : {"set", "add"}) {
        const SourceLocation at = filter.src.at(QLatin1String(part));
        for (const HeaderValue &header : qstrcmp(part, "set") == 0 ? filter.set : filter.add) {
            checkHeader(reporter, rule, at, what, header.name, header.value);
            once(header.name, at);
        }
    }
    const SourceLocation removeAt = filter.src.at(QStringLiteral("remove"));
    for (const QString &header : filter.remove) {
        checkHeader(reporter, rule, removeAt, what, header, QString());
        once(header, removeAt);
    }
}

void checkMirrors(ValidationReporter &reporter, const QString &name, const Route &route) {
    for (const RouteMirror &mirror : route.mirrors) {
        const SourceLocation at = mirror.src.at(QStringLiteral("service"));
        if (mirror.service.isEmpty())
            reporter.report(QStringLiteral("invalid-mirror"), mirror.src.node,
                            QStringLiteral("%1: a mirror names no service").arg(name));
        else if (!reporter.hasService(mirror.service))
            reporter.report(
                QStringLiteral("unknown-service"), at,
                QStringLiteral("%1: no service is named '%2'").arg(name, mirror.service));
        if (mirror.percent < 0 || mirror.percent > 100)
            reporter.report(QStringLiteral("invalid-mirror"),
                            mirror.src.at(QStringLiteral("percent")),
                            QStringLiteral("%1: mirror percent %2 is not from 0 to 100")
                                .arg(name)
                                .arg(mirror.percent));
    }
}

void checkRewrite(ValidationReporter &reporter, const QString &name, const Route &route) {
    if (route.rewritePrefix) {
        const SourceLocation at = route.src.at(QStringLiteral("rewritePrefix"));
        if (std::any_of(route.matches.begin(), route.matches.end(),
                        [](const auto &m) { return m.pathType == PathType::Regex; })) {
            reporter.report(QStringLiteral("invalid-rewrite"), at,
                            QStringLiteral("%1: rewritePrefix replaces the prefix a route "
                                           "matched; a Regex match has none")
                                .arg(name));
        } else if (QString why = checkLiteralPath(*route.rewritePrefix); !why.isEmpty()) {
            reporter.report(QStringLiteral("invalid-rewrite"), at,
                            QStringLiteral("%1: rewritePrefix %2").arg(name, why));
        }
    }
    if (route.rewritePath) {
        const SourceLocation at = route.src.at(QStringLiteral("rewritePath"));
        if (route.rewritePrefix)
            reporter.report(
                QStringLiteral("invalid-rewrite"), at,
                QStringLiteral("%1 has both rewritePrefix and rewritePath; keep one").arg(name));
        if (QString why = checkLiteralPath(*route.rewritePath); !why.isEmpty())
            reporter.report(QStringLiteral("invalid-rewrite"), at,
                            QStringLiteral("%1: rewritePath %2").arg(name, why));
    }
    if (!route.rewriteHost.isEmpty() && !isIpAddress(route.rewriteHost)) {
        if (QString why = hostname::checkHost(route.rewriteHost, false); !why.isEmpty())
            reporter.report(
                QStringLiteral("invalid-rewrite"), route.src.at(QStringLiteral("rewriteHost")),
                QStringLiteral("%1: rewriteHost '%2': %3").arg(name, route.rewriteHost, why));
    }
}

void checkRedirect(ValidationReporter &reporter, const QString &name, const Route &route) {
    const Redirect &redirect = *route.redirect;
    const QString rule = QStringLiteral("invalid-redirect");
    auto at = [&](const char *field) { return redirect.src.at(QString::fromLatin1(field)); };
    static const QList<int> codes{301, 302, 303, 307, 308};
    if (!codes.contains(redirect.code)) {
        reporter.report(rule, at("code"),
                        QStringLiteral("%1: redirect code %2 is not one of 301, 302, 303, 307, 308")
                            .arg(name)
                            .arg(redirect.code));
    }
    if (!redirect.scheme.isEmpty() && redirect.scheme != u"http" && redirect.scheme != u"https") {
        reporter.report(rule, at("scheme"),
                        QStringLiteral("%1: redirect scheme '%2' is neither 'http' nor 'https'")
                            .arg(name, redirect.scheme));
    }
    if (!redirect.host.isEmpty() && !isIpAddress(redirect.host)) {
        if (QString why = hostname::checkHost(redirect.host, false); !why.isEmpty())
            reporter.report(
                rule, at("host"),
                QStringLiteral("%1: redirect host '%2': %3").arg(name, redirect.host, why));
    }
    if (redirect.port && (*redirect.port < 1 || *redirect.port > 65535)) {
        reporter.report(rule, at("port"),
                        QStringLiteral("%1: redirect port %2 is not from 1 to 65535")
                            .arg(name)
                            .arg(*redirect.port));
    }
    if (!redirect.path.isEmpty() && !redirect.prefixPath.isEmpty()) {
        reporter.report(rule, at("prefixPath"),
                        QStringLiteral("%1: a redirect sets either 'path' or 'prefixPath', not "
                                       "both")
                            .arg(name));
    }
    for (const char *field : {"path", "prefixPath"}) {
        const QString &value =
            QLatin1String(field) == QLatin1String("path") ? redirect.path : redirect.prefixPath;
        if (value.isEmpty())
            continue;
        if (QString why = checkLiteralPath(value); !why.isEmpty())
            reporter.report(
                rule, at(field),
                QStringLiteral("%1: redirect %2 %3").arg(name, QLatin1String(field), why));
    }
    if (!redirect.prefixPath.isEmpty() &&
        std::any_of(route.matches.begin(), route.matches.end(),
                    [](const auto &m) { return m.pathType == PathType::Regex; })) {
        reporter.report(rule, at("prefixPath"),
                        QStringLiteral("%1: 'prefixPath' replaces the prefix a route matched; a "
                                       "Regex match has none (use 'path')")
                            .arg(name));
    }
    if (!route.service.isEmpty()) {
        reporter.report(rule, Severity::Warning, route.src.at(QStringLiteral("redirect")),
                        QStringLiteral("%1 has both a redirect and service '%2': it always "
                                       "redirects, the service is never used")
                            .arg(name, route.service));
    }
}

void checkRespond(ValidationReporter &reporter, const QString &name, const Route &route) {
    const DirectResponse &respond = *route.respond;
    const QString rule = QStringLiteral("invalid-respond");
    if (respond.status < 200 || respond.status > 599)
        reporter.report(rule, respond.src.at(QStringLiteral("status")),
                        QStringLiteral("%1: respond status %2 is not from 200 to 599")
                            .arg(name)
                            .arg(respond.status));
    if (route.redirect)
        reporter.report(rule, route.src.at(QStringLiteral("respond")),
                        QStringLiteral("%1 has both 'redirect' and 'respond'; keep one").arg(name));
    else if (route.hasBackend())
        reporter.report(rule, Severity::Warning, route.src.at(QStringLiteral("respond")),
                        QStringLiteral("%1 has 'respond' and a service: it always answers %2 "
                                       "itself, the service is never used")
                            .arg(name)
                            .arg(respond.status));
}

void checkBackends(ValidationReporter &reporter, const QString &name, const Route &route) {
    if (route.backends.isEmpty())
        return;
    if (!route.service.isEmpty()) {
        reporter.report(QStringLiteral("invalid-backends"),
                        route.src.at(QStringLiteral("backends")),
                        QStringLiteral("%1 has both 'service' and 'backends'; keep one").arg(name));
    }
    QSet<QString> seen;
    qint64 total = 0;
    for (const RouteBackend &backend : route.backends) {
        const SourceLocation at = backend.src.at(QStringLiteral("service"));
        if (backend.weight < 0 || backend.weight > 1000000) {
            reporter.report(QStringLiteral("invalid-backends"),
                            backend.src.at(QStringLiteral("weight")),
                            QStringLiteral("%1: backend '%2' has weight %3; use 0-1000000")
                                .arg(name, backend.service)
                                .arg(backend.weight));
        }
        total += std::max(0, backend.weight);
        if (backend.service.isEmpty()) {
            reporter.report(QStringLiteral("invalid-backends"), backend.src.node,
                            QStringLiteral("%1: a backend names no service").arg(name));
            continue;
        }
        if (!reporter.hasService(backend.service)) {
            reporter.report(
                QStringLiteral("unknown-service"), at,
                QStringLiteral("%1: no service is named '%2'").arg(name, backend.service));
        }
        if (seen.contains(backend.service)) {
            reporter.report(QStringLiteral("duplicate-backend"), at,
                            QStringLiteral("%1 lists service '%2' twice in 'backends'; their "
                                           "weights add up")
                                .arg(name, backend.service));
        }
        seen.insert(backend.service);
    }
    // Two services of one split with the same sticky cookie rewrite each other's cookie, so a
    // client flaps between endpoints instead of staying on one.
    QHash<QString, QString> cookies; // cookie name -> the first service that sets it
    for (const RouteBackend &backend : route.backends) {
        const Service *service = reporter.topology().findService(backend.service);
        if (!service || !service->stickySession)
            continue;
        const QString cookie = service->stickySession->cookie.trimmed();
        const auto first = cookies.constFind(cookie);
        if (first == cookies.cend())
            cookies.insert(cookie, service->name);
        else if (first.value() != service->name)
            reporter.report(QStringLiteral("sticky-cookie-shared"),
                            backend.src.at(QStringLiteral("service")),
                            QStringLiteral("%1: services '%2' and '%3' of this split both set "
                                           "sticky cookie '%4'; give each its own name, or "
                                           "clients move between their endpoints")
                                .arg(name, first.value(), service->name, cookie));
    }
    if (total == 0 && !route.redirect) {
        reporter.report(QStringLiteral("route-sends-nowhere"),
                        route.src.at(QStringLiteral("backends")),
                        QStringLiteral("%1: route sends nowhere: every backend has weight 0 (the "
                                       "proxy answers 503)")
                            .arg(name));
    }
}

void checkRoute(ValidationReporter &reporter, const VirtualHost &host, qsizetype index) {
    const Route &route = host.routes[index];
    const QString name = routeName(host, index, route);
    for (qsizetype m = 0; m < route.matches.size(); ++m) {
        const QString match = matchName(name, route, m);
        checkPath(reporter, match, route.matches[m]);
        checkConditions(reporter, match, route.matches[m]);
    }
    if (!route.service.isEmpty() && !reporter.hasService(route.service)) {
        reporter.report(QStringLiteral("unknown-service"), route.src.at(QStringLiteral("service")),
                        QStringLiteral("%1: no service is named '%2'").arg(name, route.service));
    }
    checkBackends(reporter, name, route);
    if (!route.hasBackend() && !route.redirect && !route.respond) {
        reporter.report(QStringLiteral("route-without-target"), route.src.node,
                        QStringLiteral("%1 has neither a 'service', 'backends', 'redirect' nor "
                                       "'respond'")
                            .arg(name));
    }
    if (route.respond)
        checkRespond(reporter, name, route);
    if (route.redirect)
        checkRedirect(reporter, name, route);
    checkRewrite(reporter, name, route);
    checkHeaderFilter(reporter, name, "requestHeaders", route.requestHeaders);
    checkHeaderFilter(reporter, name, "responseHeaders", route.responseHeaders);
    checkMirrors(reporter, name, route);
    if (route.timeout && route.timeout->count() <= 0) {
        reporter.report(QStringLiteral("invalid-timeout"), route.src.at(QStringLiteral("timeout")),
                        QStringLiteral("%1: timeout must be longer than 0s").arg(name));
    }
}

} // namespace

void checkRoutes(ValidationReporter &reporter) {
    const QList<VirtualHost> &hosts = reporter.topology().hosts;
    for (qsizetype h = 0; h < hosts.size(); ++h) {
        for (qsizetype i = 0; i < hosts[h].routes.size(); ++i) {
            reporter.setSubject(ItemRef::route(int(h), int(i)));
            checkRoute(reporter, hosts[h], i);
        }
    }
    reporter.setSubject({});
}

} // namespace ingress::validation
