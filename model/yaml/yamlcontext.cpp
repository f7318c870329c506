#include "model/yaml/yamlcontext.h"

#include "model/yaml/yamlsupport.h"

namespace ingress::yaml {

void YamlContext::append(const Diagnostics &diagnostics) {
    for (const Diagnostic &d : diagnostics)
        report(d.severity, d.ruleId, d.location, d.message);
}

QString YamlContext::describe(const Node *node) {
    if (!node)
        return QStringLiteral("nothing");
    switch (node->kind()) {
    case Node::Kind::Map:
        return QStringLiteral("a mapping");
    case Node::Kind::Sequence:
        return QStringLiteral("a sequence");
    case Node::Kind::Scalar: {
        QString text = node->toQString();
        // Keep messages one line and short whatever the value is.
        if (text.size() > 60)
            text = text.left(57) + QStringLiteral("...");
        text.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
        return QStringLiteral("'%1'").arg(text);
    }
    case Node::Kind::Null:
        break;
    }
    return QStringLiteral("nothing");
}

void YamlContext::report(Severity severity, const QString &ruleId, SourceLocation where,
                         const QString &message) {
    if (severity == Severity::Error)
        m_hasErrors = true;
    if (m_truncated) {
        // The note that ends the list says "error" once any dropped problem was one, so the
        // list never looks clean while the load fails.
        if (severity == Severity::Error)
            m_diagnostics.last().severity = Severity::Error;
        return;
    }
    if (m_diagnostics.size() >= maxDiagnostics) {
        m_truncated = true;
        m_diagnostics << Diagnostic{severity, ruleId,
                                    QStringLiteral("too many problems; stopped reporting after "
                                                   "%1")
                                        .arg(maxDiagnostics),
                                    m_fileName, where};
        return;
    }
    m_diagnostics << Diagnostic{severity, ruleId, message, m_fileName, where};
}

} // namespace ingress::yaml
