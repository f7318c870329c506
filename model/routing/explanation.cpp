// Explanation's two renderings: JSON for scripts and the GUI, text for people.
#include "model/routing/explainer.h"
#include "model/topology/enums.h"

#include <QJsonArray>
#include <QTextStream>

namespace ingress {

namespace {

QString outcomeName(TraceStep::Outcome outcome) {
    switch (outcome) {
    case TraceStep::Outcome::Selected:
        return QStringLiteral("selected");
    case TraceStep::Outcome::Rejected:
        return QStringLiteral("rejected");
    case TraceStep::Outcome::Skipped:
        break;
    }
    return QStringLiteral("skipped");
}

QString q(const std::string &text) {
    return QString::fromStdString(text);
}

QJsonValue nullOr(bool present, const QJsonValue &value) {
    return present ? value : QJsonValue(QJsonValue::Null);
}

QString listenerText(const CompiledListener &listener) {
    const QString address =
        listener.address.empty()
            ? QStringLiteral("*")
            : (listener.address.find(':') != std::string::npos ? u'[' + q(listener.address) + u']'
                                                               : q(listener.address));
    return QStringLiteral("%1 (%2:%3, %4)")
        .arg(q(listener.name), address)
        .arg(listener.port)
        .arg(toString(listener.protocol));
}

// "food 90 (90%), food-canary 10 (10%)": a split's backends, their weights and shares.
QString splitText(const RoutingTable &table, const CompiledRoute &route) {
    QStringList parts;
    for (const CompiledBackend &backend : route.backends) {
        const double share =
            route.totalWeight ? 100.0 * backend.weight / double(route.totalWeight) : 0.0;
        parts << QStringLiteral("%1 %2 (%3%)")
                     .arg(q(table.services()[std::size_t(backend.service)].name))
                     .arg(backend.weight)
                     .arg(share, 0, 'g', 3);
    }
    return parts.join(QStringLiteral(", "));
}

// "set X-Env: prod; add ...; remove x-debug": one header filter.
QString headerFilterText(const CompiledHeaderFilter &filter) {
    QStringList parts;
    for (const auto &[name, value] : filter.set)
        parts << QStringLiteral("set %1: %2").arg(q(name), q(value));
    for (const auto &[name, value] : filter.add)
        parts << QStringLiteral("add %1: %2").arg(q(name), q(value));
    if (!filter.remove.empty()) {
        QStringList names;
        for (const std::string &name : filter.remove)
            names << q(name);
        parts << QStringLiteral("remove ") + names.join(QStringLiteral(", "));
    }
    return parts.join(QStringLiteral("; "));
}

// The filters the matched route applies, in the order the proxy applies them: each one
// "kind: detail" (the upstream path shows the path rewrites).
QList<std::pair<QString, QString>> filtersOf(const RoutingTable *table, const CompiledRoute &r) {
    QList<std::pair<QString, QString>> filters;
    // Checked before anything else is done to the request (a redirect to HTTPS aside).
    if (table && r.policy >= 0) {
        const CompiledPolicy &policy = table->policies()[std::size_t(r.policy)];
        QStringList parts;
        for (const std::string &part : policy.describe())
            parts << QString::fromStdString(part);
        filters.append({QStringLiteral("policy"), QStringLiteral("%1 (from %2)")
                                                      .arg(parts.join(QStringLiteral("; ")),
                                                           QString::fromStdString(policy.origin))});
    }
    if (!r.requestHeaders.empty())
        filters.append({QStringLiteral("requestHeaders"), headerFilterText(r.requestHeaders)});
    if (!r.rewriteHost.empty())
        filters.append({QStringLiteral("rewriteHost"), q(r.rewriteHost)});
    if (!r.responseHeaders.empty())
        filters.append({QStringLiteral("responseHeaders"), headerFilterText(r.responseHeaders)});
    for (const CompiledMirror &mirror : r.mirrors)
        if (table && mirror.service >= 0)
            filters.append({QStringLiteral("mirror"),
                            QStringLiteral("%1 (%2% of requests)")
                                .arg(q(table->services()[std::size_t(mirror.service)].name))
                                .arg(mirror.percent)});
    return filters;
}

QString routeText(const CompiledRoute &r) {
    return QStringLiteral("#%1%2 %3 %4")
        .arg(r.index + 1)
        .arg(r.matchCount > 1 ? QStringLiteral(" match %1").arg(r.match + 1) : QString())
        .arg(toString(r.type), q(r.path));
}

QString verdict(const Explanation &e) {
    const RouteMatch &m = e.match;
    if (m.redirect)
        return QStringLiteral("redirect %1 to %2")
            .arg(m.redirect->code)
            .arg(q(m.redirect->location));
    switch (m.kind) {
    case RouteMatch::Kind::Route:
        if (m.route && m.route->respond)
            return QStringLiteral("answered %1 by the proxy (respond)")
                .arg(m.route->respond->status);
        if (m.route && m.route->isSplit() && e.table)
            return m.route->totalWeight
                       ? QStringLiteral("split by weight between %1 as %2")
                             .arg(splitText(*e.table, *m.route), e.upstreamTarget)
                       : QStringLiteral("route matched, but every backend has weight 0 (503)");
        if (!m.service)
            return QStringLiteral("route matched, but its service is unknown (502)");
        return QStringLiteral("proxied to service %1 as %2")
            .arg(q(m.service->name), e.upstreamTarget);
    case RouteMatch::Kind::DefaultService:
        return QStringLiteral("proxied to the default service %1 as %2")
            .arg(q(m.service->name), e.upstreamTarget);
    case RouteMatch::Kind::NoMatch:
        break;
    }
    return QStringLiteral("404 Not Found: nothing matches and there is no default service");
}

} // namespace

QJsonObject Explanation::toJson() const {
    QJsonObject json;
    json[QStringLiteral("request")] = QJsonObject{{QStringLiteral("method"), request.method},
                                                  {QStringLiteral("url"), request.url}};
    if (!ok()) {
        json[QStringLiteral("error")] = error;
        json[QStringLiteral("matched")] = false;
        return json;
    }
    const bool onListener = listener >= 0 && table;
    json[QStringLiteral("matched")] = match.matched();
    json[QStringLiteral("listener")] = nullOr(
        onListener, onListener ? q(table->listeners()[std::size_t(listener)].name) : QString());
    if (!listenerNote.isEmpty())
        json[QStringLiteral("listenerNote")] = listenerNote;
    json[QStringLiteral("host")] =
        nullOr(match.host, match.host ? q(match.host->pattern) : QString());
    json[QStringLiteral("route")] =
        match.route
            ? QJsonValue(QJsonObject{{QStringLiteral("path"), q(match.route->path)},
                                     {QStringLiteral("pathType"), toString(match.route->type)},
                                     {QStringLiteral("index"), match.route->index},
                                     {QStringLiteral("match"), match.route->match}})
            : QJsonValue(QJsonValue::Null);
    if (match.route) {
        QJsonArray filters;
        for (const auto &[kind, detail] : filtersOf(table.get(), *match.route))
            filters.append(
                QJsonObject{{QStringLiteral("type"), kind}, {QStringLiteral("detail"), detail}});
        json[QStringLiteral("filters")] = filters;
    }
    json[QStringLiteral("service")] =
        nullOr(match.service, match.service ? q(match.service->name) : QString());
    // Only for a split, so that one-service answers keep their shape; "service" is then the
    // backend a first request would take.
    if (match.route && match.route->isSplit() && table) {
        QJsonArray backends;
        for (const CompiledBackend &backend : match.route->backends)
            backends.append(QJsonObject{{QStringLiteral("service"),
                                         q(table->services()[std::size_t(backend.service)].name)},
                                        {QStringLiteral("weight"), qint64(backend.weight)}});
        json[QStringLiteral("backends")] = backends;
    }
    json[QStringLiteral("viaDefaultService")] = match.kind == RouteMatch::Kind::DefaultService;
    json[QStringLiteral("upstreamPath")] = nullOr(match.matched(), upstreamTarget);
    if (match.route && match.route->respond && !match.redirect)
        json[QStringLiteral("respond")] =
            QJsonObject{{QStringLiteral("status"), match.route->respond->status},
                        {QStringLiteral("body"), match.route->respond->body}};
    json[QStringLiteral("redirect")] =
        match.redirect
            ? QJsonValue(QJsonObject{{QStringLiteral("code"), match.redirect->code},
                                     {QStringLiteral("location"), q(match.redirect->location)}})
            : QJsonValue(QJsonValue::Null);
    QJsonArray steps;
    for (const TraceStep &step : trace)
        steps.append(QJsonObject{{QStringLiteral("outcome"), outcomeName(step.outcome)},
                                 {QStringLiteral("subject"), q(step.subject)},
                                 {QStringLiteral("reason"), q(step.reason)}});
    json[QStringLiteral("trace")] = steps;
    return json;
}

QString Explanation::toText() const {
    QString text;
    QTextStream out(&text);
    out << request.method << " " << request.url << "\n";
    if (!ok()) {
        out << "error: " << error << "\n";
        return text;
    }
    auto field = [&](const char *name, const QString &value) {
        out << "  " << QString::fromLatin1(name).leftJustified(10) << value << "\n";
    };
    field("listener", listener >= 0 ? listenerText(table->listeners()[std::size_t(listener)])
                                    : QStringLiteral("(any)"));
    if (!listenerNote.isEmpty())
        field("note", listenerNote);
    field("host", match.host ? q(match.host->pattern) : QStringLiteral("(none)"));
    field("route", match.route ? routeText(*match.route) : QStringLiteral("(none)"));
    field("service", match.service
                         ? q(match.service->name) + (match.kind == RouteMatch::Kind::DefaultService
                                                         ? QStringLiteral(" (default service)")
                                                         : QString())
                         : QStringLiteral("(none)"));
    if (match.route && match.route->isSplit() && table)
        field("backends", splitText(*table, *match.route));
    if (match.service && match.service->sticky)
        field("sticky", QStringLiteral("cookie %1 keeps a client on its endpoint")
                            .arg(q(match.service->sticky->cookie)));
    if (match.matched())
        field("upstream", upstreamTarget);
    if (match.route)
        for (const auto &[kind, detail] : filtersOf(table.get(), *match.route))
            field("filter", kind + QStringLiteral(": ") + detail);
    if (match.redirect)
        field("redirect",
              QStringLiteral("%1 %2").arg(match.redirect->code).arg(q(match.redirect->location)));
    out << "Result: " << verdict(*this) << "\n\nHow it was decided:\n";
    for (const TraceStep &step : trace)
        out << "  " << outcomeName(step.outcome).leftJustified(9) << q(step.subject) << ": "
            << q(step.reason) << "\n";
    return text;
}

} // namespace ingress
