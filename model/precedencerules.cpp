#include "enums.h"
#include "pathmatch.h"
#include "validationreporter.h"
#include "validationrules.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace ingress::validation {

namespace {

// Mirrors the RoutingTable's precedence (model/routingtable.h): Exact, then Prefix by longest
// prefixKey, then Regex; ties keep file order.
std::vector<qsizetype> precedenceOrder(const QList<Route> &routes) {
    std::vector<QByteArray> keys;
    for (const Route &route : routes)
        keys.push_back(route.path.toUtf8());
    auto rank = [&](qsizetype i) {
        const Route &route = routes[i];
        const int type = route.pathType == PathType::Exact    ? 0
                         : route.pathType == PathType::Prefix ? 1
                                                              : 2;
        const qsizetype length =
            route.pathType == PathType::Prefix
                ? qsizetype(
                      paths::prefixKey({keys[i].constData(), std::size_t(keys[i].size())}).size())
                : 0;
        return std::pair(type, -length);
    };
    std::vector<qsizetype> order(routes.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](qsizetype a, qsizetype b) { return rank(a) < rank(b); });
    return order;
}

QString prefixKeyOf(const Route &route) {
    QString key = route.path;
    while (key.endsWith(u'/'))
        key.chop(1);
    return key;
}

QStringList upper(const QStringList &methods) {
    QStringList result;
    for (const QString &method : methods)
        result << method.toUpper();
    return result;
}

bool sameHeader(const HeaderMatch &a, const HeaderMatch &b) {
    return a.name.compare(b.name, Qt::CaseInsensitive) == 0 && a.value == b.value;
}

bool containsHeader(const QList<HeaderMatch> &headers, const HeaderMatch &header) {
    return std::any_of(headers.begin(), headers.end(),
                       [&](const HeaderMatch &h) { return sameHeader(h, header); });
}

bool headersSubset(const QList<HeaderMatch> &a, const QList<HeaderMatch> &b) {
    return std::all_of(a.begin(), a.end(),
                       [&](const HeaderMatch &h) { return containsHeader(b, h); });
}

bool methodsSubset(const QStringList &a, const QStringList &b) {
    const QStringList upperB = upper(b);
    return std::all_of(a.begin(), a.end(),
                       [&](const QString &m) { return upperB.contains(m.toUpper()); });
}

// Does every request `b` matches also satisfy `a`'s methods and headers?
bool conditionsCover(const Route &a, const Route &b) {
    const bool methodsCovered =
        a.methods.isEmpty() || (!b.methods.isEmpty() && methodsSubset(b.methods, a.methods));
    return methodsCovered && headersSubset(a.headers, b.headers);
}

// Does every path `b` matches also match `a`?
bool pathCovers(const Route &a, const Route &b) {
    switch (a.pathType) {
    case PathType::Exact:
        return b.pathType == PathType::Exact && a.path == b.path;
    case PathType::Prefix:
        if (b.pathType == PathType::Regex)
            return prefixKeyOf(a).isEmpty(); // Prefix "/" takes every path before any Regex
        if (b.pathType == PathType::Prefix)
            return prefixKeyOf(a) == prefixKeyOf(b);
        return false; // Exact routes come before every Prefix route
    case PathType::Regex:
        return b.pathType == PathType::Regex && a.path == b.path;
    }
    return false;
}

bool isDuplicate(const Route &a, const Route &b) {
    return a.pathType == b.pathType && a.path == b.path && a.methods.size() == b.methods.size() &&
           methodsSubset(a.methods, b.methods) && methodsSubset(b.methods, a.methods) &&
           headersSubset(a.headers, b.headers) && headersSubset(b.headers, a.headers);
}

QString describe(const Route &route, qsizetype index) {
    QString text =
        QStringLiteral("route #%1 (%2 %3").arg(index + 1).arg(toString(route.pathType), route.path);
    if (!route.methods.isEmpty())
        text += QStringLiteral(" [%1]").arg(route.methods.join(u','));
    return text + u')';
}

void checkHost(ValidationReporter &reporter, const VirtualHost &host, int hostRow) {
    const std::vector<qsizetype> order = precedenceOrder(host.routes);
    for (std::size_t j = 1; j < order.size(); ++j) {
        const Route &route = host.routes[order[j]];
        std::optional<qsizetype> duplicateOf;
        std::optional<qsizetype> shadowedBy;
        for (std::size_t i = 0; i < j && !duplicateOf; ++i) {
            const Route &earlier = host.routes[order[i]];
            if (isDuplicate(earlier, route))
                duplicateOf = order[i];
            else if (!shadowedBy && pathCovers(earlier, route) && conditionsCover(earlier, route))
                shadowedBy = order[i];
        }
        const SourceLocation at = route.src.at(QStringLiteral("path"));
        // The later route in precedence is the one at fault (the one to fix or remove).
        reporter.setSubject(ItemRef::route(hostRow, int(order[j])));
        if (duplicateOf) {
            const Route &other = host.routes[*duplicateOf];
            reporter.report(
                QStringLiteral("duplicate-route"), at,
                QStringLiteral("host '%1': %2 repeats %3%4")
                    .arg(host.host, describe(route, order[j]), describe(other, *duplicateOf),
                         ValidationReporter::lineRef(other.src.at(QStringLiteral("path")))));
        } else if (shadowedBy) {
            const Route &other = host.routes[*shadowedBy];
            reporter.report(
                QStringLiteral("shadowed-route"), at,
                QStringLiteral("host '%1': %2 is never chosen: %3%4 comes first in "
                               "precedence and matches every request it matches")
                    .arg(host.host, describe(route, order[j]), describe(other, *shadowedBy),
                         ValidationReporter::lineRef(other.src.at(QStringLiteral("path")))));
        }
    }
}

} // namespace

void checkRoutePrecedence(ValidationReporter &reporter) {
    const QList<VirtualHost> &hosts = reporter.topology().hosts;
    for (qsizetype h = 0; h < hosts.size(); ++h)
        checkHost(reporter, hosts[h], int(h));
    reporter.setSubject({});
}

} // namespace ingress::validation
