#pragma once

// What the property editor's policy groups (policyfields.cpp, externalauthfields.cpp,
// corsfields.cpp, securityheaderfields.cpp) build their fields from; not used elsewhere.

#include "ui/properties/fieldfactory.h"
#include "ui/properties/propertyfields.h"

#include <functional>
#include <optional>

namespace ingress::ui::fields {

// What a route takes from its host while it leaves a part of its policy unset; nullptr for a
// host (or a route that is gone).
using HostPolicy = std::function<const Policy *()>;

inline QString fromHost(const QString &text) {
    return tr("from host: %1").arg(text);
}

// Fields of the `policy` of a host or a route (T) under one heading. Each edit is one undo
// step of the item (FieldFactory::make); a route's fields say what comes from the host while
// the part is unset.
template <typename T> struct PolicyFieldKit {
    FieldFactory<T> f;
    HostPolicy hostPolicy;
    QString group;

    // The item's own policy; nullopt when the item is gone.
    std::function<std::optional<Policy>()> own() const {
        return [document = f.document, current = f.current]() -> std::optional<Policy> {
            const ItemRef ref = current();
            if (!document->contains(ref))
                return std::nullopt;
            return document->template item<T>(ref).policy;
        };
    }

    PropertyField field(const QString &key, const QString &label,
                        std::function<QString(const Policy &)> get,
                        std::function<void(Policy &, const QString &)> set,
                        std::function<QString(const QString &)> check = {}) const {
        PropertyField p = f.make(
            QStringLiteral("policy.") + key, label,
            [get](const T &item) { return get(item.policy); },
            [set](T &item, const QString &v) { set(item.policy, v); }, std::move(check));
        p.group = group;
        return p;
    }

    // A check box for a yes/no value of the policy (a part's flag).
    PropertyField flag(const QString &key, const QString &label,
                       std::function<bool(const Policy &)> isOn,
                       std::function<void(Policy &, bool)> turn) const {
        PropertyField p = f.toggle(
            QStringLiteral("policy.") + key, label,
            [isOn](const T &item) { return isOn(item.policy); },
            [turn](T &item, bool on) { turn(item.policy, on); });
        p.group = group;
        return p;
    }

    // A part's on/off box. Turned on for a route it starts as a copy of the host's part, so
    // that tightening one value does not mean typing the others again.
    template <typename Part, typename Fresh>
    PropertyField toggle(const QString &key, const QString &label, Part part, Fresh fresh) const {
        PropertyField p = f.toggle(
            QStringLiteral("policy.") + key, label,
            [part](const T &item) { return (item.policy.*part).has_value(); },
            [part, fresh, hostOf = hostPolicy](T &item, bool on) {
                auto &value = item.policy.*part;
                if (!on) {
                    value.reset();
                } else if (!value) {
                    const Policy *host = hostOf();
                    value = host && host->*part ? host->*part : fresh;
                }
            });
        p.group = group;
        return p;
    }

    // A part's own fields are greyed out while it is off.
    template <typename Part> std::function<bool()> isOn(Part part) const {
        return [ownOf = own(), part] {
            const auto mine = ownOf();
            return mine && ((*mine).*part).has_value();
        };
    }

    // While the item leaves `part` unset: the host's, in `describe`'s words (empty: nothing to
    // say).
    template <typename Part, typename Describe>
    std::function<QString()> inheritedPart(Part part, Describe describe) const {
        return [ownOf = own(), hostOf = hostPolicy, part, describe]() -> QString {
            const Policy *host = hostOf();
            const auto mine = ownOf();
            if (!host || !mine || ((*mine).*part).has_value() || !(host->*part).has_value())
                return {};
            const QString text = describe(*(host->*part));
            return text.isEmpty() ? QString() : fromHost(text);
        };
    }
};

// A number from `min` to `max` the part needs while it is on; empty is fine while it is off
// (greyed out).
inline std::function<QString(const QString &)> requiredNumber(std::function<bool()> on, int min,
                                                              int max) {
    return [on, min, max](const QString &v) {
        return v.isEmpty() && !on() ? QString() : checks::numberIn(v, min, max);
    };
}

// A number from `min` to `max`, or empty for the default.
inline std::function<QString(const QString &)> optionalNumber(int min, int max) {
    return [min, max](const QString &v) {
        return v.isEmpty() ? QString() : checks::numberIn(v, min, max);
    };
}

// The "External auth" group (externalauthfields.cpp), the "CORS" group (corsfields.cpp) and
// the "Security headers" group (securityheaderfields.cpp) of a host's or a route's policy.
QList<PropertyField> externalAuthFields(const FieldFactory<VirtualHost> &f,
                                        const HostPolicy &hostPolicy);
QList<PropertyField> externalAuthFields(const FieldFactory<Route> &f, const HostPolicy &hostPolicy);
QList<PropertyField> corsFields(const FieldFactory<VirtualHost> &f, const HostPolicy &hostPolicy);
QList<PropertyField> corsFields(const FieldFactory<Route> &f, const HostPolicy &hostPolicy);
QList<PropertyField> securityHeaderFields(const FieldFactory<VirtualHost> &f,
                                          const HostPolicy &hostPolicy);
QList<PropertyField> securityHeaderFields(const FieldFactory<Route> &f,
                                          const HostPolicy &hostPolicy);

} // namespace ingress::ui::fields
