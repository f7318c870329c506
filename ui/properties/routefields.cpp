#include "model/topology/backendstext.h"
#include "model/topology/enums.h"
#include "model/topology/routetext.h"
#include "ui/properties/fieldfactory.h"
#include "ui/properties/propertyfields.h"

namespace ingress::ui::fields {

namespace {

// A check from a routetext parser: its syntax error, or none.
template <typename Parse> auto syntaxCheck(Parse parse) {
    return [parse](const QString &text) {
        QString error;
        return parse(text, &error) ? QString() : error;
    };
}

// Editing any part of a redirect makes the route one; the code field set empty removes it.
Redirect &redirectOf(Route &r) {
    if (!r.redirect)
        r.redirect = Redirect{};
    return *r.redirect;
}

QString redirectPart(const Route &r, QString Redirect::*member) {
    return r.redirect ? (*r.redirect).*member : QString();
}

} // namespace

QList<PropertyField> routeFields(const FieldFactory<Route> &f, const Topology &t) {
    auto document = f.document;
    auto current = f.current;
    auto pathCheck = [document, current](const QString &text) {
        const ItemRef ref = current();
        const QString type = document->contains(ref)
                                 ? toString(document->item<Route>(ref).firstMatch().pathType)
                                 : QStringLiteral("Prefix");
        return checks::path(text, type);
    };
    const auto optionalPath = [](const QString &v) {
        return v.isEmpty() ? QString() : checks::path(v, {});
    };
    const auto redirectText = [&f](const QString &key, const QString &label,
                                   QString Redirect::*member, auto check) {
        return f.make(
            key, label, [member](const Route &r) { return redirectPart(r, member); },
            [member](Route &r, const QString &v) {
                if (r.redirect || !v.isEmpty())
                    redirectOf(r).*member = v;
            },
            check);
    };
    return {
        f.make(
            QStringLiteral("path"), tr("Path"), [](const Route &r) { return r.firstMatch().path; },
            [](Route &r, const QString &v) { r.firstMatch().path = v; }, pathCheck),
        f.choice(
            QStringLiteral("pathType"), tr("Path type"), enumNames<PathType>(),
            [](const Route &r) { return toString(r.firstMatch().pathType); },
            [](Route &r, const QString &v) {
                r.firstMatch().pathType =
                    enumFromString<PathType>(v).value_or(r.firstMatch().pathType);
            }),
        f.choice(
            QStringLiteral("service"), tr("Service"), QStringList{QString()} + names(t.services),
            [](const Route &r) { return r.service; },
            [](Route &r, const QString &v) {
                // `service` and `backends` are exclusive: choosing one service ends a split.
                r.service = v;
                if (!v.isEmpty())
                    r.backends.clear();
            }),
        withHint(f.make(
                     QStringLiteral("backends"), tr("Split"),
                     [](const Route &r) { return backendstext::format(r.backends); },
                     [](Route &r, const QString &v) {
                         const auto backends = backendstext::parse(v);
                         if (!backends)
                             return;
                         r.backends = *backends;
                         if (!r.backends.isEmpty())
                             r.service.clear(); // a split replaces the one service
                     },
                     [](const QString &v) {
                         QString error;
                         return backendstext::parse(v, &error) ? QString() : error;
                     }),
                 QStringLiteral("food*90, food-canary*10"),
                 tr("Splits the route's requests between services by weight: SERVICE*WEIGHT "
                    "separated by commas (no *WEIGHT: 1; 0 drains a service). Replaces "
                    "Service")),
        withHint(f.make(
                     QStringLiteral("rewritePrefix"), tr("Rewrite prefix"),
                     [](const Route &r) { return r.rewritePrefix.value_or(QString()); },
                     [](Route &r, const QString &v) {
                         r.rewritePrefix = v.isEmpty() ? std::nullopt : std::optional<QString>(v);
                     },
                     optionalPath),
                 tr("no rewrite"),
                 tr("Replaces the part of the path the route matched before forwarding, e.g. "
                    "/api -> /v2 turns /api/users into /v2/users")),
        withHint(
            f.make(
                QStringLiteral("methods"), tr("Methods"),
                [](const Route &r) { return r.firstMatch().methods.join(QLatin1String(", ")); },
                [](Route &r, const QString &v) {
                    r.firstMatch().methods.clear();
                    for (const QString &m : commaList(v))
                        r.firstMatch().methods << m.toUpper();
                },
                checks::methods),
            tr("any method"), tr("HTTP methods separated by commas, e.g. GET, HEAD")),
        withHint(f.make(
                     QStringLiteral("headers"), tr("Header matches"),
                     [](const Route &r) {
                         return routetext::formatValueMatches(r.firstMatch().headers);
                     },
                     [](Route &r, const QString &v) {
                         if (const auto headers = routetext::parseValueMatches(v))
                             r.firstMatch().headers = *headers;
                     },
                     checks::headerMatches),
                 QStringLiteral("X-Canary: always; X-Env ~ prod|staging"),
                 tr("Headers a request must carry (names ignore case), separated by "
                    "semicolons: Name: value for exactly this value, Name ~ pattern for a "
                    "regular expression matching the whole value")),
        withHint(f.make(
                     QStringLiteral("queryParams"), tr("Query matches"),
                     [](const Route &r) {
                         return routetext::formatValueMatches(r.firstMatch().queryParams);
                     },
                     [](Route &r, const QString &v) {
                         if (const auto params = routetext::parseValueMatches(v))
                             r.firstMatch().queryParams = *params;
                     },
                     syntaxCheck(routetext::parseValueMatches)),
                 QStringLiteral("debug: 1; version ~ v[0-9]+"),
                 tr("Query parameters a request must carry (names are case-sensitive), "
                    "separated by semicolons: name: value, or name ~ pattern for a regular "
                    "expression")),
        withHint(f.make(
                     QStringLiteral("matches"), tr("Other matches"),
                     [](const Route &r) { return routetext::formatMatches(r.matches.mid(1)); },
                     [](Route &r, const QString &v) {
                         const auto others = routetext::parseMatches(v);
                         if (!others)
                             return;
                         r.matches = {r.firstMatch()};
                         r.matches << *others;
                     },
                     syntaxCheck(routetext::parseMatches)),
                 QStringLiteral("=/login; method POST | /api; header X-Env: prod"),
                 tr("More ways a request can match this route besides the one above (Path, "
                    "Methods, Header and Query matches), separated by ' | '. Each: a path (=/x "
                    "Exact, ~re Regex, "
                    "/x Prefix), then '; method GET, HEAD', '; header Name: value', "
                    "'; query name: value' (~ for a regular expression)")),
        withHint(f.make(
                     QStringLiteral("rewritePath"), tr("Rewrite path"),
                     [](const Route &r) { return r.rewritePath.value_or(QString()); },
                     [](Route &r, const QString &v) {
                         r.rewritePath = v.isEmpty() ? std::nullopt : std::optional<QString>(v);
                     },
                     optionalPath),
                 tr("no rewrite"),
                 tr("Replaces the whole path before forwarding (the query is kept), e.g. "
                    "/index.html. Exclusive with Rewrite prefix")),
        withHint(
            f.make(
                QStringLiteral("rewriteHost"), tr("Rewrite host"),
                [](const Route &r) { return r.rewriteHost; },
                [](Route &r, const QString &v) { r.rewriteHost = v; },
                [](const QString &v) { return v.isEmpty() ? QString() : checks::hostName(v); }),
            tr("the client's"),
            tr("The Host header sent to the service, e.g. internal.example.com; the "
               "client's goes in X-Forwarded-Host")),
        withHint(f.make(
                     QStringLiteral("requestHeaders"), tr("Request headers"),
                     [](const Route &r) { return routetext::formatHeaderFilter(r.requestHeaders); },
                     [](Route &r, const QString &v) {
                         if (const auto filter = routetext::parseHeaderFilter(v))
                             r.requestHeaders = *filter;
                     },
                     syntaxCheck(routetext::parseHeaderFilter)),
                 QStringLiteral("set X-Env: prod; add X-Trace: studio; remove X-Debug"),
                 tr("Changes the request's headers before forwarding, separated by "
                    "semicolons: set Name: value (replaces), add Name: value (appends), "
                    "remove Name, Name")),
        withHint(
            f.make(
                QStringLiteral("responseHeaders"), tr("Response headers"),
                [](const Route &r) { return routetext::formatHeaderFilter(r.responseHeaders); },
                [](Route &r, const QString &v) {
                    if (const auto filter = routetext::parseHeaderFilter(v))
                        r.responseHeaders = *filter;
                },
                syntaxCheck(routetext::parseHeaderFilter)),
            QStringLiteral("set Cache-Control: no-store; remove Server"),
            tr("Changes the service's response headers before the client sees them: "
               "set Name: value, add Name: value, remove Name, separated by semicolons")),
        withHint(f.make(
                     QStringLiteral("mirrors"), tr("Mirrors"),
                     [](const Route &r) { return routetext::formatMirrors(r.mirrors); },
                     [](Route &r, const QString &v) {
                         if (const auto mirrors = routetext::parseMirrors(v))
                             r.mirrors = *mirrors;
                     },
                     syntaxCheck(routetext::parseMirrors)),
                 QStringLiteral("shadow 10%, audit"),
                 tr("Services that get a copy of the route's requests (SERVICE, or SERVICE "
                    "PERCENT% for a share), separated by commas; their answers are discarded "
                    "and never delay the client")),
        withHint(f.choice(
                     QStringLiteral("redirect.code"), tr("Redirect"),
                     {QString(), QStringLiteral("301"), QStringLiteral("302"),
                      QStringLiteral("303"), QStringLiteral("307"), QStringLiteral("308")},
                     [](const Route &r) {
                         return r.redirect ? QString::number(r.redirect->code) : QString();
                     },
                     [](Route &r, const QString &v) {
                         if (v.isEmpty())
                             r.redirect.reset();
                         else
                             redirectOf(r).code = v.toInt();
                     }),
                 {},
                 tr("Answer with this redirect status instead of proxying (empty: proxy to the "
                    "service). The parts below left empty keep the request's own")),
        withHint(redirectText(QStringLiteral("redirect.scheme"), tr("Redirect scheme"),
                              &Redirect::scheme, checks::scheme),
                 tr("the request's"), tr("http or https")),
        withHint(redirectText(QStringLiteral("redirect.host"), tr("Redirect host"), &Redirect::host,
                              [](const QString &v) {
                                  return v.isEmpty() ? QString() : checks::hostName(v);
                              }),
                 tr("the request's"), tr("A host name, e.g. www.example.com")),
        withHint(f.make(
                     QStringLiteral("redirect.port"), tr("Redirect port"),
                     [](const Route &r) {
                         return r.redirect && r.redirect->port ? QString::number(*r.redirect->port)
                                                               : QString();
                     },
                     [](Route &r, const QString &v) {
                         if (r.redirect || !v.isEmpty())
                             redirectOf(r).port = numberFrom(v);
                     },
                     checks::optionalPort),
                 tr("the request's"), tr("A port from 1 to 65535")),
        withHint(redirectText(QStringLiteral("redirect.path"), tr("Redirect path"), &Redirect::path,
                              optionalPath),
                 tr("the request's"), tr("Replaces the whole path, e.g. /new-home")),
        withHint(redirectText(QStringLiteral("redirect.prefixPath"), tr("Redirect prefix"),
                              &Redirect::prefixPath, optionalPath),
                 tr("unset"), tr("Replaces only the part of the path the route matched, e.g. /v2")),
        withHint(f.make(
                     QStringLiteral("respond.status"), tr("Respond"),
                     [](const Route &r) {
                         return r.respond ? QString::number(r.respond->status) : QString();
                     },
                     [](Route &r, const QString &v) {
                         if (v.isEmpty()) {
                             r.respond.reset();
                             return;
                         }
                         if (!r.respond)
                             r.respond = DirectResponse{};
                         r.respond->status = v.toInt();
                     },
                     [](const QString &v) {
                         bool ok = false;
                         const int status = v.toInt(&ok);
                         return v.isEmpty() || (ok && status >= 200 && status <= 599)
                                    ? QString()
                                    : tr("An HTTP status from 200 to 599");
                     }),
                 tr("proxy to the service"),
                 tr("Answer every request with this status instead of proxying, e.g. 503 for "
                    "maintenance or 403 to block a path (empty: proxy)")),
        withHint(f.make(
                     QStringLiteral("respond.body"), tr("Respond body"),
                     [](const Route &r) { return r.respond ? r.respond->body : QString(); },
                     [](Route &r, const QString &v) {
                         if (r.respond)
                             r.respond->body = v;
                     },
                     [](const QString &) { return QString(); }),
                 tr("the proxy's page for the status"),
                 tr("Text sent with the Respond status (text/plain); set the status first")),
        withHint(f.make(
                     QStringLiteral("timeout"), tr("Timeout"),
                     [](const Route &r) { return durationText(r.timeout); },
                     [](Route &r, const QString &v) { r.timeout = durationFrom(v); },
                     checks::optionalDuration),
                 tr("the service's response timeout"), durationSyntax()),
        withHint(f.make(
                     QStringLiteral("maxBodySize"), tr("Max body size"),
                     [](const Route &r) {
                         return r.maxBodySize ? formatByteSize(*r.maxBodySize) : QString();
                     },
                     [](Route &r, const QString &v) {
                         r.maxBodySize = v.isEmpty() ? std::nullopt : parseByteSize(v);
                     },
                     checks::optionalByteSize),
                 tr("no limit"),
                 tr("A size: 512, 64KiB, 10MiB, 1GiB (or KB, MB, GB); larger request bodies get "
                    "413")),
    };
}

} // namespace ingress::ui::fields
