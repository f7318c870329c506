#pragma once

#include <QString>
#include <utility>
#include <vector>

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
    // A node has a handful of fields, so a flat list searched in order beats a hash: an empty
    // QHash costs nothing, but the first insert reserves ~1.7 KB, times every node of a large
    // topology.
    class Fields {
    public:
        void insert(const QString &field, SourceLocation location) {
            for (auto &[name, where] : m_items)
                if (name == field) {
                    where = location;
                    return;
                }
            m_items.emplace_back(field, location);
        }
        SourceLocation value(const QString &field, SourceLocation fallback = {}) const {
            for (const auto &[name, where] : m_items)
                if (name == field)
                    return where;
            return fallback;
        }

    private:
        std::vector<std::pair<QString, SourceLocation>> m_items;
    };

    SourceLocation node;
    Fields fields;

    SourceLocation at(const QString &field) const { return fields.value(field, node); }
    friend bool operator==(const SourceMap &, const SourceMap &) { return true; }
};

} // namespace ingress
