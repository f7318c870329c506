#pragma once

// Building blocks of the property editor's field lists (propertyfields.cpp, routefields.cpp,
// servicefields.cpp); not used elsewhere.

#include "model/items/documenteditor.h"
#include "model/items/topologydocument.h"
#include "model/topology/duration.h"
#include "ui/properties/propertyfield.h"

#include <functional>
#include <optional>
#include <QCoreApplication>

namespace ingress::ui::fields {

inline QString tr(const char *text) {
    return QCoreApplication::translate("PropertyFields", text);
}

// Builds a field that edits one member of the current item of type T. `key` is the field's
// path in the file format ("healthCheck.timeout"): the format walk test finds editors by it.
template <typename T> struct FieldFactory {
    TopologyDocument *document;
    std::function<ItemRef()> current;

    PropertyField make(const QString &key, const QString &label,
                       std::function<QString(const T &)> get,
                       std::function<void(T &, const QString &)> set,
                       std::function<QString(const QString &)> check = {}) const {
        PropertyField f;
        f.key = key;
        f.label = label;
        auto doc = document;
        auto cur = current;
        f.get = [doc, cur, get] {
            const ItemRef ref = cur();
            return doc->contains(ref) ? get(doc->template item<T>(ref)) : QString();
        };
        f.check = check ? check : [](const QString &) { return QString(); };
        f.set = [doc, cur, set, key](const QString &text) {
            const ItemRef ref = cur();
            if (!doc->contains(ref))
                return false;
            T value = doc->template item<T>(ref);
            set(value, text);
            // False when the user cancelled a rename's preview.
            return DocumentEditor(doc).replace(ref, value, key);
        };
        return f;
    }
    PropertyField choice(const QString &key, const QString &label, const QStringList &choices,
                         std::function<QString(const T &)> get,
                         std::function<void(T &, const QString &)> set) const {
        PropertyField f = make(key, label, std::move(get), std::move(set));
        f.editor = PropertyField::Editor::Choice;
        f.choices = choices;
        return f;
    }
    // A check box for a part of the item that is there or not (a policy's rate limit).
    PropertyField toggle(const QString &key, const QString &label,
                         std::function<bool(const T &)> isOn,
                         std::function<void(T &, bool)> turn) const {
        PropertyField f = make(
            key, label,
            [isOn](const T &item) {
                return isOn(item) ? QStringLiteral("true") : QStringLiteral("false");
            },
            [turn](T &item, const QString &v) { turn(item, v == QLatin1String("true")); });
        f.editor = PropertyField::Editor::Toggle;
        return f;
    }
};

// An example in the empty field and the syntax in its tooltip.
inline PropertyField withHint(PropertyField field, const QString &example,
                              const QString &syntax = {}) {
    field.placeholder = example;
    field.toolTip = syntax;
    return field;
}

inline QString durationSyntax() {
    return tr("A duration: number-unit pairs with units h, m, s, ms, such as 250ms, 2s or 1m30s; "
              "empty for the default");
}

inline QString durationText(const std::optional<Duration> &d) {
    return d ? formatDuration(*d) : QString();
}
inline std::optional<Duration> durationFrom(const QString &text) {
    return text.isEmpty() ? std::nullopt : parseDuration(text);
}
inline std::optional<int> numberFrom(const QString &text) {
    bool ok = false;
    const int value = text.toInt(&ok);
    return ok ? std::optional<int>(value) : std::nullopt;
}
inline QStringList commaList(const QString &text) {
    QStringList items;
    for (const QString &item : text.split(u',', Qt::SkipEmptyParts))
        if (!item.trimmed().isEmpty())
            items << item.trimmed();
    return items;
}

inline QStringList names(const auto &list) {
    QStringList result;
    for (const auto &item : list)
        result << item.name;
    return result;
}

QList<PropertyField> routeFields(const FieldFactory<Route> &f, const Topology &t);
QList<PropertyField> serviceFields(const FieldFactory<Service> &f);
// The "Policy" group (policyfields.cpp). A route's fields say what it takes from its host.
QList<PropertyField> hostPolicyFields(const FieldFactory<VirtualHost> &f);
QList<PropertyField> routePolicyFields(const FieldFactory<Route> &f);

} // namespace ingress::ui::fields
