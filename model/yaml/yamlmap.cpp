#include "model/yaml/yamlmap.h"

#include "model/yaml/yamlsupport.h"

#include <algorithm>
#include <vector>

namespace ingress::yaml {

namespace {

// Edit distance, for "did you mean" hints; field names are short, so the quadratic cost is
// nothing, and names longer than any field are cut off before they could cost anything.
int editDistance(QStringView a, QStringView b) {
    a = a.left(64);
    b = b.left(64);
    std::vector<int> row(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        row[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int substitution =
                diagonal + (a[i - 1].toCaseFolded() == b[j - 1].toCaseFolded() ? 0 : 1);
            diagonal = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
        }
    }
    return row[b.size()];
}

QString quotedList(std::initializer_list<const char *> names) {
    QStringList quoted;
    for (const char *name : names)
        quoted << QStringLiteral("'%1'").arg(QLatin1StringView(name));
    if (quoted.size() < 2)
        return quoted.join(QString());
    const QString last = quoted.takeLast();
    return quoted.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
}

QString alternatives(const QStringList &names) {
    if (names.size() < 2)
        return names.join(QString());
    return names.mid(0, names.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ") +
           names.last();
}

// A plain decimal number; YAML's octal, hex and sexagesimal forms are not ports or counts.
std::optional<qint64> parseDecimal(const QString &text) {
    if (text.isEmpty() || text.size() > 12)
        return std::nullopt;
    for (const QChar c : text)
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    return text.toLongLong();
}

} // namespace

YamlMap::YamlMap(YamlContext &context, const Node *node, const QString &what, SourceMap &src,
                 std::initializer_list<const char *> known,
                 std::initializer_list<const char *> required)
    : m_context(context), m_node(node), m_what(what), m_src(src) {
    m_src.node = YamlContext::location(node);
    if (!node || !node->isMap()) {
        QString expected = QStringLiteral("a mapping");
        if (required.size() > 0)
            expected += QStringLiteral(" with ") + quotedList(required);
        m_context.error(rule::wrongType, node,
                        QStringLiteral("expected %1 (%2), got %3")
                            .arg(expected, m_what, YamlContext::describe(node)));
        return;
    }
    m_valid = true;
    for (std::size_t i = 0; i < node->pairCount(); ++i) {
        const Node &key = node->key(i);
        if (!key.isScalar()) {
            m_context.error(rule::wrongType, &key,
                            QStringLiteral("expected a field name in this %1, got %2")
                                .arg(m_what, YamlContext::describe(&key)));
            continue;
        }
        const bool isKnown = std::any_of(known.begin(), known.end(),
                                         [&](const char *k) { return key.textEquals(k); });
        if (isKnown)
            continue;
        const QString name = key.toQString();
        QString message =
            QStringLiteral("unknown field '%1' in %2; it is ignored").arg(name.left(60), m_what);
        const char *best = nullptr;
        int bestDistance = 3;
        for (const char *k : known) {
            const int distance = editDistance(name, QString(QLatin1StringView(k)));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = k;
            }
        }
        if (best)
            message += QStringLiteral(" (did you mean '%1'?)").arg(QLatin1StringView(best));
        m_context.warning(rule::unknownField, key.location(), message);
    }
    for (const char *key : required) {
        if (!has(key)) {
            const Field field = find(key);
            m_context.error(rule::missingField,
                            field.key ? field.key->location() : YamlContext::location(node),
                            QStringLiteral("missing required field '%1' in this %2%3")
                                .arg(QLatin1StringView(key), m_what,
                                     field.key ? QStringLiteral(" (it has no value)") : QString()));
        }
    }
}

YamlMap::Field YamlMap::find(const char *key) const {
    if (!m_valid)
        return {};
    for (std::size_t i = 0; i < m_node->pairCount(); ++i) {
        const Node &name = m_node->key(i);
        if (name.isScalar() && name.textEquals(key))
            return {&name, &m_node->value(i)};
    }
    return {};
}

bool YamlMap::has(const char *key) const {
    const Field field = find(key);
    return field.key && !field.value->isNull();
}

SourceLocation YamlMap::keyLocation(const char *key) const {
    const Field field = find(key);
    return field.key ? field.key->location() : m_src.node;
}

const Node *YamlMap::value(const char *key) {
    const Field field = find(key);
    if (!field.key)
        return nullptr;
    // A null value ("tls:" and nothing) has no position of its own worth showing: its key has.
    m_src.fields.insert(QLatin1StringView(key),
                        field.value->isNull() ? field.key->location() : field.value->location());
    return field.value;
}

std::optional<QString> YamlMap::scalar(const char *key) {
    const Node *node = value(key);
    if (!node || node->isNull())
        return std::nullopt;
    if (!node->isScalar()) {
        m_context.error(rule::wrongType, node,
                        QStringLiteral("'%1': expected a single value, got %2")
                            .arg(QLatin1StringView(key), YamlContext::describe(node)));
        return std::nullopt;
    }
    return node->toQString();
}

void YamlMap::invalid(const char *key, const QString &expected) {
    const Node *node = value(key);
    m_context.error(rule::invalidValue, node,
                    QStringLiteral("'%1': expected %2, got %3")
                        .arg(QLatin1StringView(key), expected, YamlContext::describe(node)));
}

void YamlMap::invalidEnum(const char *key, const QString &text, const QString &kind,
                          const QStringList &names) {
    m_context.error(rule::invalidValue, value(key),
                    QStringLiteral("'%1': '%2' is not a %3 (expected %4)")
                        .arg(QLatin1StringView(key), text, kind, alternatives(names)));
}

void YamlMap::readString(const char *key, QString &out) {
    if (const std::optional<QString> text = scalar(key))
        out = *text;
}

void YamlMap::readString(const char *key, std::optional<QString> &out) {
    if (const std::optional<QString> text = scalar(key))
        out = *text;
}

void YamlMap::readInt(const char *key, int &out, int min, int max, const QString &expected) {
    std::optional<int> value;
    readInt(key, value, min, max, expected);
    if (value)
        out = *value;
}

void YamlMap::readInt(const char *key, std::optional<int> &out, int min, int max,
                      const QString &expected) {
    const std::optional<QString> text = scalar(key);
    if (!text)
        return;
    const std::optional<qint64> number = parseDecimal(*text);
    if (!number || *number < min || *number > max) {
        invalid(key, expected);
        return;
    }
    out = int(*number);
}

void YamlMap::readBool(const char *key, std::optional<bool> &out) {
    const std::optional<QString> text = scalar(key);
    if (!text)
        return;
    // YAML 1.2's core schema; 1.1's yes/no/on/off are too easy to write by accident.
    static const QStringList trueNames{QStringLiteral("true"), QStringLiteral("True"),
                                       QStringLiteral("TRUE")};
    static const QStringList falseNames{QStringLiteral("false"), QStringLiteral("False"),
                                        QStringLiteral("FALSE")};
    if (trueNames.contains(*text))
        out = true;
    else if (falseNames.contains(*text))
        out = false;
    else
        invalid(key, QStringLiteral("true or false"));
}

void YamlMap::readDuration(const char *key, Duration &out) {
    std::optional<Duration> value;
    readDuration(key, value);
    if (value)
        out = *value;
}

void YamlMap::readDuration(const char *key, std::optional<Duration> &out) {
    const std::optional<QString> text = scalar(key);
    if (!text)
        return;
    // A bound keeps every value one the writer can write and this loader read back (and
    // longer text could overflow the sum of its parts); nothing needs more than a year.
    static constexpr Duration maximum = std::chrono::hours(24 * 365);
    const std::optional<Duration> parsed = text->size() <= 32 ? parseDuration(*text) : std::nullopt;
    if (!parsed || *parsed > maximum) {
        invalid(key, QStringLiteral("a duration such as 250ms, 2s or 1m30s, at most %1")
                         .arg(formatDuration(maximum)));
        return;
    }
    out = *parsed;
}

void YamlMap::readByteSize(const char *key, std::optional<qint64> &out) {
    const std::optional<QString> text = scalar(key);
    if (!text)
        return;
    // Digits are bounded before parsing so that number times unit cannot overflow, and the
    // value so that the writer's form of it (plain bytes when no unit divides it) reads back.
    static constexpr qint64 maximum = qint64(1) << 40;
    qsizetype digits = 0;
    while (digits < text->size() && text->at(digits).isDigit())
        ++digits;
    const QStringView unit = QStringView(*text).mid(digits).trimmed();
    const bool plain = unit.isEmpty() || unit == u"B";
    const std::optional<qint64> parsed =
        digits <= (plain ? 15 : 9) ? parseByteSize(*text) : std::nullopt;
    if (!parsed || *parsed > maximum) {
        invalid(key, QStringLiteral("a size such as 512, 64KiB or 10MiB, at most %1")
                         .arg(formatByteSize(maximum)));
        return;
    }
    out = *parsed;
}

void YamlMap::readStringList(const char *key, QStringList &out) {
    const std::span<const Node *const> items = sequence(key, QStringLiteral("value"));
    // Absent, null or not a sequence at all: the default stays.
    if (const Node *node = find(key).value; !node || !node->isSequence())
        return;
    out.clear();
    if (!items.empty())
        out.reserve(qsizetype(items.size()));
    for (const Node *item : items) {
        if (!item->isScalar()) {
            m_context.error(rule::wrongType, item,
                            QStringLiteral("'%1': expected a list of single values, got %2")
                                .arg(QLatin1StringView(key), YamlContext::describe(item)));
            continue;
        }
        out << item->toQString();
    }
}

void YamlMap::readStringPairs(const char *key, QList<std::pair<QString, QString>> &out) {
    const Node *node = value(key);
    if (!node || node->isNull())
        return;
    if (!node->isMap()) {
        m_context.error(rule::wrongType, node,
                        QStringLiteral("'%1': expected a mapping of names to values, got %2")
                            .arg(QLatin1StringView(key), YamlContext::describe(node)));
        return;
    }
    for (std::size_t i = 0; i < node->pairCount(); ++i) {
        const Node &name = node->key(i);
        const Node &text = node->value(i);
        if (!name.isScalar() || !(text.isScalar() || text.isNull())) {
            const Node *bad = name.isScalar() ? &text : &name;
            m_context.error(rule::wrongType, bad,
                            QStringLiteral("'%1': expected name: value pairs, got %2")
                                .arg(QLatin1StringView(key), YamlContext::describe(bad)));
            continue;
        }
        out.append({name.toQString(), YamlContext::scalarText(&text)});
    }
}

std::span<const Node *const> YamlMap::sequence(const char *key, const QString &elementWhat) {
    const Node *node = value(key);
    if (!node || node->isNull())
        return {};
    if (!node->isSequence()) {
        m_context.error(rule::wrongType, node,
                        QStringLiteral("'%1': expected a sequence of %2s, got %3")
                            .arg(QLatin1StringView(key), elementWhat, YamlContext::describe(node)));
        return {};
    }
    return node->children();
}

} // namespace ingress::yaml
