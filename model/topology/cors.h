#pragma once

#include "model/topology/sourcelocation.h"

#include <optional>
#include <QString>
#include <QStringList>

namespace ingress {

// Cross-origin resource sharing for browsers: the proxy answers preflights (OPTIONS with Origin
// and Access-Control-Request-Method) from an allowed origin itself, and adds the CORS fields to
// every other response to such an origin (docs/topology-format.md, "CORS"). Requests from other
// origins pass untouched, so the browser keeps refusing them.
struct Cors {
    // "*" (any), an origin ("https://app.example.com"), or one with a wildcard first label
    // ("https://*.example.com"). Compared without case.
    QStringList allowOrigins{QStringLiteral("*")};
    QStringList allowMethods;  // empty: defaultMethods()
    QStringList allowHeaders;  // empty: defaultHeaders()
    QStringList exposeHeaders; // empty: none
    bool allowCredentials = false;
    std::optional<int> maxAge; // seconds a preflight may be cached; unset: defaultMaxAge
    SourceMap src;

    // ingress-nginx's defaults, so that an imported `enable-cors` behaves as it did.
    static QStringList defaultMethods() {
        return {QStringLiteral("GET"),    QStringLiteral("PUT"),   QStringLiteral("POST"),
                QStringLiteral("DELETE"), QStringLiteral("PATCH"), QStringLiteral("OPTIONS")};
    }
    static QStringList defaultHeaders() {
        return {QStringLiteral("DNT"),
                QStringLiteral("Keep-Alive"),
                QStringLiteral("User-Agent"),
                QStringLiteral("X-Requested-With"),
                QStringLiteral("If-Modified-Since"),
                QStringLiteral("Cache-Control"),
                QStringLiteral("Content-Type"),
                QStringLiteral("Range"),
                QStringLiteral("Authorization")};
    }
    static constexpr int defaultMaxAge = 1728000;

    QStringList methods() const { return allowMethods.isEmpty() ? defaultMethods() : allowMethods; }
    QStringList headers() const { return allowHeaders.isEmpty() ? defaultHeaders() : allowHeaders; }
    int maxAgeSeconds() const { return maxAge.value_or(defaultMaxAge); }

    friend bool operator==(const Cors &, const Cors &) = default;
};

} // namespace ingress
