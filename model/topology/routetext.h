#pragma once

#include "model/topology/route.h"

#include <optional>

namespace ingress {

// A route's conditions and filters as one line of text each: how the property editor edits
// them (the split has backendstext). Parsing checks the syntax only; names, patterns and
// services are the validator's.
namespace routetext {

// "X-Env: prod; X-Canary ~ true|yes": `Name: value` is Exact, `Name ~ pattern` a
// RegularExpression; separated by semicolons. Headers and query parameters alike.
QString formatValueMatches(const QList<HeaderMatch> &matches);
std::optional<QList<HeaderMatch>> parseValueMatches(const QString &text, QString *error = nullptr);

// "set X-Env: prod; add X-Trace: studio; remove X-Debug, X-Test".
QString formatHeaderFilter(const HeaderFilter &filter);
std::optional<HeaderFilter> parseHeaderFilter(const QString &text, QString *error = nullptr);

// "shadow 10%, audit": a service and the share of requests it gets a copy of (no %: 100).
QString formatMirrors(const QList<RouteMirror> &mirrors);
std::optional<QList<RouteMirror>> parseMirrors(const QString &text, QString *error = nullptr);

// One match: "=/login; method POST; header X-Env: prod; query debug ~ 1|true". The path is
// written as nginx locations are: "=" Exact, "~" Regex, plain Prefix. Several matches are
// separated by " | " (a space each side, so a regex's own "|" stays in its pattern).
QString formatMatch(const RouteMatchRule &match);
QString formatMatches(const QList<RouteMatchRule> &matches);
std::optional<QList<RouteMatchRule>> parseMatches(const QString &text, QString *error = nullptr);

} // namespace routetext

} // namespace ingress
