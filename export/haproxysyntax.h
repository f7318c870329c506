#pragma once

#include "model/topology/route.h"

#include <QString>

// How the HAProxy export writes values: quoting, log-format literals, direct responses.
namespace ingress::haproxy {

// Single quotes: HAProxy takes everything literally up to the next one.
QString quote(const QString &text);
// A literal in double quotes, where HAProxy expands "$NAME" from the environment and reads
// backslash escapes (a body may hold newlines).
QString doubleQuote(const QString &text);
// Literal text inside a log-format string (redirect locations).
QString formatLiteral(const QString &text);
// `http-request return ... if WHEN`: HAProxy's own error page where there is one and the body
// is empty, as the engine answers.
QString respondRule(const DirectResponse &respond, const QString &when);

} // namespace ingress::haproxy
