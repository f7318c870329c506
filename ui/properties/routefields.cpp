#include "backendstext.h"
#include "enums.h"
#include "fieldfactory.h"
#include "propertyfields.h"

namespace ingress::ui::fields {

namespace {

// "X-Canary: always; X-Env: prod": the headers a request must carry, as the format's mapping.
QString headersText(const QList<HeaderMatch> &headers) {
    QStringList parts;
    for (const HeaderMatch &h : headers)
        parts << h.name + QStringLiteral(": ") + h.value;
    return parts.join(QLatin1String("; "));
}

QList<HeaderMatch> headersFrom(const QString &text) {
    QList<HeaderMatch> headers;
    for (const QString &part : text.split(u';', Qt::SkipEmptyParts)) {
        const qsizetype colon = part.indexOf(u':');
        if (colon > 0)
            headers.append(
                {part.left(colon).trimmed(), part.mid(colon + 1).trimmed(), ValueMatch::Exact});
    }
    return headers;
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
                     [](const Route &r) { return headersText(r.firstMatch().headers); },
                     [](Route &r, const QString &v) { r.firstMatch().headers = headersFrom(v); },
                     checks::headerMatches),
                 QStringLiteral("X-Canary: always; X-Env: prod"),
                 tr("Headers a request must carry, each with exactly this value (names ignore "
                    "case): Name: value, separated by semicolons")),
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
