#pragma once

#include "sourcelocation.h"

#include <QList>
#include <QString>

namespace ingress {

enum class Severity { Error, Warning, Info };

// One problem found while loading or validating a document. `ruleId` is stable: scripts,
// suppressions and docs/validation-rules.md refer to it.
struct Diagnostic {
    Severity severity = Severity::Error;
    QString ruleId;
    QString message;
    QString file;
    SourceLocation location;

    // "FILE:LINE:COL: error: message [rule-id]" - the compiler-style line editors understand.
    QString toString() const;
    friend bool operator==(const Diagnostic &, const Diagnostic &) = default;
};

using Diagnostics = QList<Diagnostic>;

QString severityName(Severity severity);
bool hasErrors(const Diagnostics &diagnostics);

} // namespace ingress
