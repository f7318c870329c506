#pragma once

#include <QStringList>

namespace ingress {

// The Referrer-Policy tokens browsers know (W3C Referrer Policy): what
// SecurityHeaders::referrerPolicy may hold, for the loader and the editor that offers them.
inline QStringList referrerPolicies() {
    return {QStringLiteral("no-referrer"),
            QStringLiteral("no-referrer-when-downgrade"),
            QStringLiteral("origin"),
            QStringLiteral("origin-when-cross-origin"),
            QStringLiteral("same-origin"),
            QStringLiteral("strict-origin"),
            QStringLiteral("strict-origin-when-cross-origin"),
            QStringLiteral("unsafe-url")};
}

} // namespace ingress
