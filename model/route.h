#pragma once

#include "duration.h"
#include "sourcelocation.h"

#include <optional>
#include <QList>
#include <QString>
#include <QStringList>

namespace ingress {

enum class PathType { Exact, Prefix, Regex };

// A request header that must be present with exactly this value (name case-insensitive).
struct HeaderMatch {
    QString name;
    QString value;
    friend bool operator==(const HeaderMatch &, const HeaderMatch &) = default;
};

// Answer with a redirect instead of proxying. Unset parts keep the request's own (as Gateway
// API's RequestRedirect filter does); `path` replaces the whole path, `prefixPath` only the part
// the route matched.
struct Redirect {
    QString scheme;
    QString host;
    std::optional<int> port;
    QString path;
    QString prefixPath;
    int code = 302;
    SourceMap src;
    friend bool operator==(const Redirect &, const Redirect &) = default;
};

// One service of a traffic split and its share of the route's requests, relative to the other
// backends of the route (Gateway API's backendRefs[].weight). Weight 0 drains the service.
struct RouteBackend {
    QString service;
    int weight = 1;
    SourceMap src;
    friend bool operator==(const RouteBackend &, const RouteBackend &) = default;
};

struct Route {
    QString path = QStringLiteral("/");
    PathType pathType = PathType::Prefix;
    QString service; // empty for a pure redirect or a split
    // A traffic split; exclusive with `service`, which stays the one-backend form so that
    // older files and older builds keep working (docs/topology-format.md).
    QList<RouteBackend> backends;
    std::optional<QString> rewritePrefix;
    QStringList methods;        // empty: any method
    QList<HeaderMatch> headers; // all must match
    std::optional<Redirect> redirect;
    std::optional<qint64> maxBodySize; // bytes; larger request bodies get 413
    std::optional<Duration> timeout;   // overrides the service's response timeout
    SourceMap src;

    bool hasBackend() const { return !service.isEmpty() || !backends.isEmpty(); }
    // Every service the route names: `service`, or those of `backends` in file order.
    QStringList serviceNames() const {
        if (backends.isEmpty())
            return service.isEmpty() ? QStringList() : QStringList{service};
        QStringList names;
        for (const RouteBackend &backend : backends)
            names << backend.service;
        return names;
    }

    friend bool operator==(const Route &, const Route &) = default;
};

} // namespace ingress
