#pragma once

#include "model/routing/routingtable.h"

#include <optional>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <utility>

namespace ingress {

// A request to explain, as a user describes it: `explain URL -X METHOD -H 'Name: value'`.
struct ExplainRequest {
    QString url; // absolute http:// or https:// URL
    QString method = QStringLiteral("GET");
    QList<std::pair<QString, QString>> headers;
};

// What the routing table does with one request, and why. Holds the table it points into.
struct Explanation {
    QString error; // set when the request could not be explained (bad URL): nothing else is
    RoutingTablePtr table;
    ExplainRequest request;
    int listener = -1;    // index into table->listeners(); -1: matched as on any listener
    QString listenerNote; // why no listener was chosen, if so
    RouteMatch match;
    MatchTrace trace;
    QString upstreamTarget; // upstream path plus "?query"; empty when nothing matched

    bool ok() const { return error.isEmpty(); }
    // Keys: matched, host, route {path, pathType, index}, service, upstreamPath, listener,
    // redirect {code, location}, viaDefaultService, trace [{outcome, subject, reason}],
    // plus request {method, url}, listenerNote when there is one, and backends
    // [{service, weight}] when the route is a traffic split.
    QJsonObject toJson() const;
    QString toText() const;
};

// Runs RoutingTable::match with a trace for a request described by URL, method and headers:
// the CLI's `explain` and the GUI's explain box.
class Explainer {
public:
    explicit Explainer(RoutingTablePtr table) : m_table(std::move(table)) {}

    Explanation explain(const ExplainRequest &request) const;

    // "Name: value" -> {Name, value}; std::nullopt and `error` when there is no name or colon.
    static std::optional<std::pair<QString, QString>> parseHeader(const QString &line,
                                                                  QString *error = nullptr);

private:
    RoutingTablePtr m_table;
};

} // namespace ingress
