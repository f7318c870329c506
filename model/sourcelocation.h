#pragma once

#include <QHash>
#include <QString>

namespace ingress {

// 1-based line and column in the file a document was read from; 0 means "not from a file"
// (built in code or in the GUI).
struct SourceLocation {
    int line = 0;
    int column = 0;

    bool isValid() const { return line > 0; }
    friend bool operator==(const SourceLocation &, const SourceLocation &) = default;
};

// Where a node and each of its fields were written. Positions are not part of a document's
// value: two documents that say the same thing are equal wherever they were written, which is
// what the load -> save -> load round-trip promises. Hence the always-true equality.
struct SourceMap {
    SourceLocation node;
    QHash<QString, SourceLocation> fields;

    SourceLocation at(const QString &field) const { return fields.value(field, node); }
    friend bool operator==(const SourceMap &, const SourceMap &) { return true; }
};

} // namespace ingress
