#pragma once

#include "model/topology/sourcelocation.h"

#include <optional>
#include <QString>

namespace ingress {

// Strict-Transport-Security: browsers that saw it over HTTPS use only HTTPS for the host for
// `maxAge` seconds. Sent on TLS connections only; browsers ignore it over plain HTTP.
struct Hsts {
    int maxAge = 31536000; // one year
    bool includeSubdomains = false;
    bool preload = false;
    friend bool operator==(const Hsts &, const Hsts &) = default;
};

// The response fields that harden a site in browsers, set on every response of the host or
// route (replacing a backend's own), docs/topology-format.md "Security headers".
struct SecurityHeaders {
    std::optional<Hsts> hsts;
    bool noSniff = false;   // X-Content-Type-Options: nosniff
    QString referrerPolicy; // Referrer-Policy token; empty: not sent
    QString frameOptions;   // X-Frame-Options: DENY or SAMEORIGIN; empty: not sent
    SourceMap src;

    // What the file's `securityHeaders: recommended` means: HSTS for a year (subdomains left
    // alone: they may not all have HTTPS yet), nosniff, strict-origin-when-cross-origin, and
    // framing by the site itself only.
    static SecurityHeaders recommended() {
        SecurityHeaders headers;
        headers.hsts = Hsts{};
        headers.noSniff = true;
        headers.referrerPolicy = QStringLiteral("strict-origin-when-cross-origin");
        headers.frameOptions = QStringLiteral("SAMEORIGIN");
        return headers;
    }
    bool isRecommended() const {
        const SecurityHeaders preset = recommended();
        return hsts == preset.hsts && noSniff == preset.noSniff &&
               referrerPolicy == preset.referrerPolicy && frameOptions == preset.frameOptions;
    }
    bool isEmpty() const {
        return !hsts && !noSniff && referrerPolicy.isEmpty() && frameOptions.isEmpty();
    }
    friend bool operator==(const SecurityHeaders &, const SecurityHeaders &) = default;
};

} // namespace ingress
