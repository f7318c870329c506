#include "model/topology/diagnostic.h"

#include <algorithm>

namespace ingress {

QString severityName(Severity severity) {
    switch (severity) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Info:
        return QStringLiteral("note");
    }
    return {};
}

QString Diagnostic::toString() const {
    QString where = file.isEmpty() ? QStringLiteral("<input>") : file;
    if (location.isValid())
        where += QStringLiteral(":%1:%2").arg(location.line).arg(location.column);
    QString text = QStringLiteral("%1: %2: %3").arg(where, severityName(severity), message);
    if (!ruleId.isEmpty())
        text += QStringLiteral(" [%1]").arg(ruleId);
    return text;
}

bool hasErrors(const Diagnostics &diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic &d) { return d.severity == Severity::Error; });
}

} // namespace ingress
