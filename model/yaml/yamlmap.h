#pragma once

#include "model/topology/duration.h"
#include "model/topology/enums.h"
#include "model/topology/sourcelocation.h"
#include "model/yaml/yamlcontext.h"

#include <initializer_list>
#include <optional>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <span>
#include <utility>

namespace ingress::yaml {

// Reads the fields of one YAML mapping into a document struct. Every read records where the
// value was written (SourceMap::fields, keyed by the YAML field name) and reports a value of
// the wrong kind or out of range with what was expected. Fields the mapping does not know are
// warnings with a "did you mean" hint; required fields that are absent are errors. A field
// that is absent or null leaves the struct's default in place.
class YamlMap {
public:
    // `what` names the mapping in messages ("listener"); `required` fields are listed in the
    // message when the node is not a mapping at all.
    YamlMap(YamlContext &context, const Node *node, const QString &what, SourceMap &src,
            std::initializer_list<const char *> known,
            std::initializer_list<const char *> required = {});

    bool isValid() const { return m_valid; }
    bool has(const char *key) const;
    // The value of `key` (null when absent), its location recorded in `src`.
    const Node *value(const char *key);
    SourceLocation keyLocation(const char *key) const;

    void readString(const char *key, QString &out);
    void readString(const char *key, std::optional<QString> &out);
    // `expected` completes "expected ..." ("a port number 1-65535").
    void readInt(const char *key, int &out, int min, int max, const QString &expected);
    void readInt(const char *key, std::optional<int> &out, int min, int max,
                 const QString &expected);
    void readBool(const char *key, std::optional<bool> &out);
    void readDuration(const char *key, Duration &out);
    void readDuration(const char *key, std::optional<Duration> &out);
    void readByteSize(const char *key, std::optional<qint64> &out);
    void readStringList(const char *key, QStringList &out);
    // A mapping of text to text, in file order.
    void readStringPairs(const char *key, QList<std::pair<QString, QString>> &out);

    // `kind` names the enum in messages ("path type").
    template <typename Enum> void readEnum(const char *key, Enum &out, const QString &kind) {
        const std::optional<QString> text = scalar(key);
        if (!text)
            return;
        if (const std::optional<Enum> parsed = enumFromString<Enum>(*text)) {
            out = *parsed;
            return;
        }
        invalidEnum(key, *text, kind, enumNames<Enum>());
    }

    // The items of the sequence under `key`; none when absent or null (reported when it is
    // something else).
    std::span<const Node *const> sequence(const char *key, const QString &elementWhat);

private:
    struct Field {
        const Node *key = nullptr; // null when the mapping has no such field
        const Node *value = nullptr;
    };

    // The first field named `key`: the one yaml-cpp's node API returned for duplicate keys.
    Field find(const char *key) const;
    // The scalar text of `key`; nullopt when absent or null, reported when not a scalar.
    std::optional<QString> scalar(const char *key);
    void invalid(const char *key, const QString &expected);
    void invalidEnum(const char *key, const QString &text, const QString &kind,
                     const QStringList &names);

    YamlContext &m_context;
    const Node *m_node;
    QString m_what;
    SourceMap &m_src;
    bool m_valid = false;
};

} // namespace ingress::yaml
