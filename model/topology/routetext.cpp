#include "model/topology/routetext.h"

#include <QStringList>

namespace ingress::routetext {

namespace {

template <typename T> std::optional<T> fail(QString *error, const QString &why) {
    if (error)
        *error = why;
    return std::nullopt;
}

// "Name: value" or "Name ~ pattern"; whichever separator comes first decides.
std::optional<HeaderMatch> parseValueMatch(const QString &text, QString *error) {
    const qsizetype colon = text.indexOf(u':');
    const qsizetype tilde = text.indexOf(u'~');
    const bool regex = tilde >= 0 && (colon < 0 || tilde < colon);
    const qsizetype at = regex ? tilde : colon;
    if (at <= 0)
        return fail<HeaderMatch>(
            error, QStringLiteral("'%1': write Name: value or Name ~ pattern").arg(text));
    return HeaderMatch{text.left(at).trimmed(), text.mid(at + 1).trimmed(),
                       regex ? ValueMatch::RegularExpression : ValueMatch::Exact};
}

QString formatValueMatch(const HeaderMatch &match) {
    return match.name +
           (match.type == ValueMatch::RegularExpression ? QStringLiteral(" ~ ")
                                                        : QStringLiteral(": ")) +
           match.value;
}

QStringList parts(const QString &text, const QString &separator) {
    QStringList result;
    for (const QString &part : text.split(separator))
        if (!part.trimmed().isEmpty())
            result << part.trimmed();
    return result;
}

// The word a part starts with ("set", "method", ...) and the rest after it.
std::pair<QString, QString> keyword(const QString &part) {
    const qsizetype space = part.indexOf(u' ');
    if (space < 0)
        return {part.toLower(), QString()};
    return {part.left(space).toLower(), part.mid(space + 1).trimmed()};
}

} // namespace

QString formatValueMatches(const QList<HeaderMatch> &matches) {
    QStringList result;
    for (const HeaderMatch &match : matches)
        result << formatValueMatch(match);
    return result.join(QStringLiteral("; "));
}

std::optional<QList<HeaderMatch>> parseValueMatches(const QString &text, QString *error) {
    QList<HeaderMatch> matches;
    for (const QString &part : parts(text, QStringLiteral(";"))) {
        const auto match = parseValueMatch(part, error);
        if (!match)
            return std::nullopt;
        matches << *match;
    }
    return matches;
}

QString formatHeaderFilter(const HeaderFilter &filter) {
    QStringList result;
    for (const HeaderValue &header : filter.set)
        result << QStringLiteral("set %1: %2").arg(header.name, header.value);
    for (const HeaderValue &header : filter.add)
        result << QStringLiteral("add %1: %2").arg(header.name, header.value);
    if (!filter.remove.isEmpty())
        result << QStringLiteral("remove ") + filter.remove.join(QStringLiteral(", "));
    return result.join(QStringLiteral("; "));
}

std::optional<HeaderFilter> parseHeaderFilter(const QString &text, QString *error) {
    HeaderFilter filter;
    for (const QString &part : parts(text, QStringLiteral(";"))) {
        const auto [word, rest] = keyword(part);
        if (word == u"remove") {
            filter.remove << parts(rest, QStringLiteral(","));
            if (rest.isEmpty())
                return fail<HeaderFilter>(error,
                                          QStringLiteral("'%1': remove which header?").arg(part));
            continue;
        }
        const qsizetype colon = rest.indexOf(u':');
        if ((word != u"set" && word != u"add") || colon <= 0)
            return fail<HeaderFilter>(
                error, QStringLiteral("'%1': write set Name: value, add Name: value or "
                                      "remove Name")
                           .arg(part));
        const HeaderValue header{rest.left(colon).trimmed(), rest.mid(colon + 1).trimmed()};
        (word == u"set" ? filter.set : filter.add) << header;
    }
    return filter;
}

QString formatMirrors(const QList<RouteMirror> &mirrors) {
    QStringList result;
    for (const RouteMirror &mirror : mirrors)
        result << (mirror.percent == 100
                       ? mirror.service
                       : QStringLiteral("%1 %2%").arg(mirror.service).arg(mirror.percent));
    return result.join(QStringLiteral(", "));
}

std::optional<QList<RouteMirror>> parseMirrors(const QString &text, QString *error) {
    QList<RouteMirror> mirrors;
    for (const QString &part : parts(text, QStringLiteral(","))) {
        RouteMirror mirror;
        const QString rest = keyword(part).second;
        mirror.service = part.section(u' ', 0, 0);
        if (!rest.isEmpty()) {
            bool ok = false;
            mirror.percent = rest.endsWith(u'%') ? rest.chopped(1).trimmed().toInt(&ok) : -1;
            if (!ok || mirror.percent < 0 || mirror.percent > 100)
                return fail<QList<RouteMirror>>(
                    error,
                    QStringLiteral("'%1': write SERVICE or SERVICE PERCENT% (0-100%)").arg(part));
        }
        mirrors << mirror;
    }
    return mirrors;
}

QString formatMatch(const RouteMatchRule &match) {
    QStringList result;
    switch (match.pathType) {
    case PathType::Exact:
        result << u'=' + match.path;
        break;
    case PathType::Regex:
        result << u'~' + match.path;
        break;
    case PathType::Prefix:
        result << match.path;
        break;
    }
    if (!match.methods.isEmpty())
        result << QStringLiteral("method ") + match.methods.join(QStringLiteral(", "));
    for (const HeaderMatch &header : match.headers)
        result << QStringLiteral("header ") + formatValueMatch(header);
    for (const HeaderMatch &param : match.queryParams)
        result << QStringLiteral("query ") + formatValueMatch(param);
    return result.join(QStringLiteral("; "));
}

QString formatMatches(const QList<RouteMatchRule> &matches) {
    QStringList result;
    for (const RouteMatchRule &match : matches)
        result << formatMatch(match);
    return result.join(QStringLiteral(" | "));
}

std::optional<QList<RouteMatchRule>> parseMatches(const QString &text, QString *error) {
    QList<RouteMatchRule> matches;
    for (const QString &one : parts(text, QStringLiteral(" | "))) {
        const QStringList pieces = parts(one, QStringLiteral(";"));
        RouteMatchRule match;
        QString path = pieces.first();
        match.pathType = path.startsWith(u'=')   ? PathType::Exact
                         : path.startsWith(u'~') ? PathType::Regex
                                                 : PathType::Prefix;
        match.path = match.pathType == PathType::Prefix ? path : path.mid(1).trimmed();
        for (const QString &piece : pieces.mid(1)) {
            const auto [word, rest] = keyword(piece);
            if (word == u"method") {
                for (const QString &method : parts(rest, QStringLiteral(",")))
                    match.methods << method.toUpper();
                continue;
            }
            if (word != u"header" && word != u"query")
                return fail<QList<RouteMatchRule>>(
                    error, QStringLiteral("'%1': write method M, header Name: value or query "
                                          "name: value")
                               .arg(piece));
            const auto condition = parseValueMatch(rest, error);
            if (!condition)
                return std::nullopt;
            (word == u"header" ? match.headers : match.queryParams) << *condition;
        }
        matches << match;
    }
    return matches;
}

} // namespace ingress::routetext
