#include "export/yamlemit.h"

#include <QRegularExpression>
#include <QString>
#include <set>
#include <string>

namespace ingress::yamlemit {

namespace {

// YAML 1.1 and 1.2 plain scalars that are not strings.
bool ambiguous(const std::string &text) {
    static const QRegularExpression pattern(
        QStringLiteral("^(?:y|n|yes|no|on|off|true|false|null|~|[-+]?(?:[0-9][0-9_]*)?\\.?[0-9]"
                       "[0-9_.eE+-]*|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\\.inf|\\.nan)$"),
        QRegularExpression::CaseInsensitiveOption);
    return text.empty() || pattern.match(QString::fromStdString(text)).hasMatch();
}

void emitValue(YAML::Emitter &out, const YAML::Node &node, bool typed,
               const std::set<std::string> &typedKeys) {
    if (node.IsMap()) {
        out << YAML::BeginMap;
        for (const auto &entry : node) {
            const std::string key = entry.first.as<std::string>();
            out << YAML::Key << key << YAML::Value;
            emitValue(out, entry.second, typedKeys.contains(key), typedKeys);
        }
        out << YAML::EndMap;
    } else if (node.IsSequence()) {
        out << YAML::BeginSeq;
        for (const auto &item : node)
            emitValue(out, item, false, typedKeys);
        out << YAML::EndSeq;
    } else if (node.IsScalar()) {
        const std::string text = node.Scalar();
        if (!typed && ambiguous(text))
            out << YAML::DoubleQuoted;
        out << text;
    } else {
        out << YAML::Null;
    }
}

} // namespace

void emit(YAML::Emitter &out, const YAML::Node &node, const std::set<std::string> &typedKeys) {
    emitValue(out, node, false, typedKeys);
}

} // namespace ingress::yamlemit
