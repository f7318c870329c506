#include "model/yaml/yamlemitter.h"

#include <algorithm>
#include <QRegularExpression>

namespace ingress::yaml {

namespace {

// Control characters: yaml-cpp writes a carriage return (and others) into a plain scalar,
// where a reader takes it for a line break and drops it. Double quotes escape them.
bool hasControlCharacter(const QString &text) {
    return std::any_of(text.cbegin(), text.cend(),
                       [](QChar c) { return c.category() == QChar::Other_Control; });
}

// Text a YAML 1.1 or 1.2 reader would take for a boolean, null or number ("true", "80",
// "0x1f", "1:30"), or that a plain scalar cannot hold as it is; written in quotes so that it
// reads back as the same string everywhere, not only in our loader.
bool needsQuotes(const QString &text) {
    static const QRegularExpression pattern(QStringLiteral(
        "^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|"
        "OFF|null|Null|NULL|~|[-+]?(?:[0-9][0-9_]*(?:\\.[0-9_]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)"
        "?|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)|[-+]?"
        "[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?)$"));
    return text.isEmpty() || hasControlCharacter(text) || pattern.match(text).hasMatch();
}

} // namespace

YamlEmitter::YamlEmitter() {
    m_out.SetIndent(2);
}

QByteArray YamlEmitter::yaml() const {
    QByteArray text(m_out.c_str(), qsizetype(m_out.size()));
    if (!text.endsWith('\n'))
        text += '\n';
    return text;
}

void YamlEmitter::key(const char *name) {
    m_out << YAML::Key << name << YAML::Value;
}

void YamlEmitter::text(const QString &value) {
    const std::string utf8 = value.toStdString();
    if (needsQuotes(value))
        m_out << YAML::DoubleQuoted << utf8;
    else
        m_out << utf8;
}

void YamlEmitter::field(const char *name, const QString &value) {
    key(name);
    text(value);
}

void YamlEmitter::field(const char *name, qint64 value) {
    key(name);
    m_out << value;
}

void YamlEmitter::flag(const char *name) {
    key(name);
    m_out << true;
}

void YamlEmitter::entry(const QString &name, const QString &value) {
    m_out << YAML::Key;
    text(name);
    m_out << YAML::Value;
    text(value);
}

void YamlEmitter::optionalField(const char *name, const QString &value) {
    if (!value.isEmpty())
        field(name, value);
}

void YamlEmitter::flowList(const char *name, const QStringList &values) {
    if (values.isEmpty())
        return;
    key(name);
    m_out << YAML::Flow << YAML::BeginSeq;
    for (const QString &value : values)
        text(value);
    m_out << YAML::EndSeq;
}

} // namespace ingress::yaml
