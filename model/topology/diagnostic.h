#pragma once

#include "model/topology/itemref.h"
#include "model/topology/sourcelocation.h"

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
    // The item at fault, as the validator saw it: where the canvas puts its badge and what a
    // double-click selects. Set by the rules, which know it; the location cannot tell two
    // items made in the GUI apart (neither has one), and a name in the message is ambiguous
    // when names repeat (the very duplicate a rule reports). None for topology-wide findings
    // and loader errors.
    ItemRef subject = {}; // an initializer: the aggregate initializations without it stay quiet

    // "FILE:LINE:COL: error: message [rule-id]" - the compiler-style line editors understand.
    QString toString() const;
    friend bool operator==(const Diagnostic &, const Diagnostic &) = default;
};

using Diagnostics = QList<Diagnostic>;

QString severityName(Severity severity);
bool hasErrors(const Diagnostics &diagnostics);

} // namespace ingress
