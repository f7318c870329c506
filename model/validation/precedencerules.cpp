#include "model/routing/routingtable.h"
#include "model/topology/enums.h"
#include "model/validation/validationreporter.h"
#include "model/validation/validationrules.h"

#include <algorithm>

namespace ingress::validation {

namespace {

// Works on the compiled host, whose `precedence` is the order the proxy tries matches in, so
// the warnings cannot disagree with what RoutingTable does.

bool sameCondition(const CompiledValueMatch &a, const CompiledValueMatch &b) {
    return a.name == b.name && a.value == b.value && a.isRegex == b.isRegex;
}

// Is every condition of `a` also one of `b`'s? (Then whatever satisfies b satisfies a.)
bool subset(const std::vector<CompiledValueMatch> &a, const std::vector<CompiledValueMatch> &b) {
    return std::all_of(a.begin(), a.end(), [&](const CompiledValueMatch &x) {
        return std::any_of(b.begin(), b.end(),
                           [&](const CompiledValueMatch &y) { return sameCondition(x, y); });
    });
}

bool methodsSubset(const std::vector<std::string> &a, const std::vector<std::string> &b) {
    return std::all_of(a.begin(), a.end(), [&](const std::string &m) {
        return std::find(b.begin(), b.end(), m) != b.end();
    });
}

// Does every request `b` matches also satisfy `a`'s methods, headers and query parameters?
bool conditionsCover(const CompiledRoute &a, const CompiledRoute &b) {
    const bool methodsCovered =
        a.methods.empty() || (!b.methods.empty() && methodsSubset(b.methods, a.methods));
    return methodsCovered && subset(a.headers, b.headers) && subset(a.queryParams, b.queryParams);
}

// Does every path `b` matches also match `a`?
bool pathCovers(const CompiledRoute &a, const CompiledRoute &b) {
    switch (a.type) {
    case PathType::Exact:
        return b.type == PathType::Exact && a.path == b.path;
    case PathType::Prefix:
        if (b.type == PathType::Regex)
            return a.prefixKey.empty(); // Prefix "/" takes every path before any Regex
        if (b.type == PathType::Prefix)
            return a.prefixKey == b.prefixKey;
        return false; // Exact routes come before every Prefix route
    case PathType::Regex:
        return b.type == PathType::Regex && a.path == b.path;
    }
    return false;
}

bool isDuplicate(const CompiledRoute &a, const CompiledRoute &b) {
    return a.type == b.type && a.path == b.path && a.methods.size() == b.methods.size() &&
           methodsSubset(a.methods, b.methods) && a.headers.size() == b.headers.size() &&
           subset(a.headers, b.headers) && a.queryParams.size() == b.queryParams.size() &&
           subset(a.queryParams, b.queryParams);
}

QString describe(const CompiledRoute &route) {
    QString text = QStringLiteral("route #%1").arg(route.index + 1);
    if (route.matchCount > 1)
        text += QStringLiteral(" match #%1").arg(route.match + 1);
    text += QStringLiteral(" (%1 %2").arg(toString(route.type), QString::fromStdString(route.path));
    if (!route.methods.empty()) {
        QStringList methods;
        for (const std::string &method : route.methods)
            methods << QString::fromStdString(method);
        text += QStringLiteral(" [%1]").arg(methods.join(u','));
    }
    return text + u')';
}

SourceLocation pathLocation(const VirtualHost &host, const CompiledRoute &route) {
    return host.routes[route.index].matches[route.match].src.at(QStringLiteral("path"));
}

void checkHost(ValidationReporter &reporter, const VirtualHost &host, const CompiledHost &compiled,
               int hostRow) {
    const std::vector<int> &order = compiled.precedence;
    for (std::size_t j = 1; j < order.size(); ++j) {
        const CompiledRoute &route = compiled.routes[std::size_t(order[j])];
        const CompiledRoute *duplicateOf = nullptr;
        const CompiledRoute *shadowedBy = nullptr;
        for (std::size_t i = 0; i < j && !duplicateOf; ++i) {
            const CompiledRoute &earlier = compiled.routes[std::size_t(order[i])];
            if (isDuplicate(earlier, route))
                duplicateOf = &earlier;
            else if (!shadowedBy && pathCovers(earlier, route) && conditionsCover(earlier, route))
                shadowedBy = &earlier;
        }
        const SourceLocation at = pathLocation(host, route);
        // The later route in precedence is the one at fault (the one to fix or remove).
        reporter.setSubject(ItemRef::route(hostRow, route.index));
        if (duplicateOf) {
            reporter.report(
                QStringLiteral("duplicate-route"), at,
                QStringLiteral("host '%1': %2 repeats %3%4")
                    .arg(host.host, describe(route), describe(*duplicateOf),
                         ValidationReporter::lineRef(pathLocation(host, *duplicateOf))));
        } else if (shadowedBy) {
            reporter.report(QStringLiteral("shadowed-route"), at,
                            QStringLiteral("host '%1': %2 is never chosen: %3%4 comes first in "
                                           "precedence and matches every request it matches")
                                .arg(host.host, describe(route), describe(*shadowedBy),
                                     ValidationReporter::lineRef(pathLocation(host, *shadowedBy))));
        }
    }
}

} // namespace

void checkRoutePrecedence(ValidationReporter &reporter) {
    const QList<VirtualHost> &hosts = reporter.topology().hosts;
    const RoutingTablePtr table = RoutingTable::compile(reporter.topology());
    for (qsizetype h = 0; h < hosts.size(); ++h)
        checkHost(reporter, hosts[h], table->hosts()[std::size_t(h)], int(h));
    reporter.setSubject({});
}

} // namespace ingress::validation
