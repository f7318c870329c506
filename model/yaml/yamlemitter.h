#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <yaml-cpp/emitter.h>

namespace ingress::yaml {

// The scalars, keys and lists of the topology file as TopologyWriter writes them: what needs
// quotes to read back as the same string in any YAML reader, flow lists, optional fields.
class YamlEmitter {
public:
    YamlEmitter();
    QByteArray yaml() const;

    void key(const char *name);
    void text(const QString &value);
    void field(const char *name, const QString &value);
    void field(const char *name, qint64 value);
    void flag(const char *name); // `name: true`
    // A user-chosen key (a label or header name), quoted by the same rule as values.
    void entry(const QString &name, const QString &value);
    void optionalField(const char *name, const QString &value);
    void flowList(const char *name, const QStringList &values);
    template <typename T, typename Write>
    void list(const char *name, const QList<T> &items, Write write) {
        if (items.isEmpty())
            return;
        key(name);
        m_out << YAML::BeginSeq;
        for (const T &item : items)
            write(item);
        m_out << YAML::EndSeq;
    }

protected:
    YAML::Emitter m_out;
};

} // namespace ingress::yaml
