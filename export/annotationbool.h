#pragma once

#include <optional>
#include <QString>
#include <QStringList>

namespace ingress::kubeimport {

// A boolean annotation as the Go controllers read it (strconv.ParseBool): "true" and "false",
// "True"/"TRUE", "t"/"T", "1" and "0"; anything else is no boolean (each controller then has its
// own default, which the caller reports).
inline std::optional<bool> annotationBool(const QString &text) {
    static const QStringList yes{QStringLiteral("1"),    QStringLiteral("t"),
                                 QStringLiteral("T"),    QStringLiteral("true"),
                                 QStringLiteral("True"), QStringLiteral("TRUE")};
    static const QStringList no{QStringLiteral("0"),     QStringLiteral("f"),
                                QStringLiteral("F"),     QStringLiteral("false"),
                                QStringLiteral("False"), QStringLiteral("FALSE")};
    if (yes.contains(text))
        return true;
    if (no.contains(text))
        return false;
    return std::nullopt;
}

} // namespace ingress::kubeimport
