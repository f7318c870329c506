#pragma once

#include "duration.h"
#include "sourcelocation.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

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

struct Route {
    QString path = QStringLiteral("/");
    PathType pathType = PathType::Prefix;
    QString service; // empty for a pure redirect
    std::optional<QString> rewritePrefix;
    QStringList methods;        // empty: any method
    QList<HeaderMatch> headers; // all must match
    std::optional<Redirect> redirect;
    std::optional<qint64> maxBodySize; // bytes; larger request bodies get 413
    std::optional<Duration> timeout;   // overrides the service's response timeout
    SourceMap src;

    friend bool operator==(const Route &, const Route &) = default;
};

} // namespace ingress
