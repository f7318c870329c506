#pragma once

#include "model/topology/diagnostic.h"

#include <QString>
#include <string>
#include <yaml-cpp/mark.h>

namespace ingress::yaml {

// Load diagnostics' rule ids: stable, docs/topology-format.md lists them.
namespace rule {
inline const QString syntax = QStringLiteral("yaml-syntax");
inline const QString fileUnreadable = QStringLiteral("file-unreadable");
inline const QString fileTooLarge = QStringLiteral("file-too-large");
inline const QString apiVersion = QStringLiteral("api-version");
inline const QString kind = QStringLiteral("kind");
inline const QString wrongType = QStringLiteral("wrong-type");
inline const QString invalidValue = QStringLiteral("invalid-value");
inline const QString missingField = QStringLiteral("missing-field");
inline const QString unknownField = QStringLiteral("unknown-field");
inline const QString duplicateKey = QStringLiteral("duplicate-key");
} // namespace rule

// yaml-cpp marks are 0-based and -1 when unknown; ours are 1-based and 0 when unknown.
inline SourceLocation toLocation(const YAML::Mark &mark) {
    if (mark.is_null() || mark.line < 0 || mark.column < 0)
        return {};
    return {mark.line + 1, mark.column + 1};
}

inline QString toQString(const std::string &text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

} // namespace ingress::yaml
