#pragma once

#include "model/topology/diagnostic.h"
#include "model/yaml/yamlnode.h"

#include <QString>

namespace ingress::yaml {

// The state of one load: where messages go and how nodes are described in them. Bounded, so
// that a hostile file with a million bad fields yields a readable report, not a million lines.
class YamlContext {
public:
    static constexpr int maxDiagnostics = 200;

    explicit YamlContext(QString fileName) : m_fileName(std::move(fileName)) {}

    const QString &fileName() const { return m_fileName; }
    const Diagnostics &diagnostics() const { return m_diagnostics; }
    Diagnostics takeDiagnostics() { return std::move(m_diagnostics); }
    void append(const Diagnostics &diagnostics);
    bool hasErrors() const { return m_hasErrors; }

    void error(const QString &ruleId, SourceLocation where, const QString &message) {
        report(Severity::Error, ruleId, where, message);
    }
    void error(const QString &ruleId, const Node *at, const QString &message) {
        report(Severity::Error, ruleId, location(at), message);
    }
    void warning(const QString &ruleId, SourceLocation where, const QString &message) {
        report(Severity::Warning, ruleId, where, message);
    }

    // A null `node` is one that is not there (a field left out): it has no location, and is
    // described as "nothing", like a null value.
    static SourceLocation location(const Node *node) {
        return node ? node->location() : SourceLocation{};
    }
    // "a mapping", "a sequence", "'text'", "nothing": the "got ..." half of a message.
    static QString describe(const Node *node);
    // A scalar's text; a null QString for anything else.
    static QString scalarText(const Node *node) {
        return node && node->isScalar() ? node->toQString() : QString();
    }

private:
    void report(Severity severity, const QString &ruleId, SourceLocation where,
                const QString &message);

    QString m_fileName;
    Diagnostics m_diagnostics;
    bool m_truncated = false;
    bool m_hasErrors = false; // also counts errors dropped past maxDiagnostics
};

} // namespace ingress::yaml
