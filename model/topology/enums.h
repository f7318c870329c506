#pragma once

#include "model/topology/listener.h"
#include "model/topology/policy.h"
#include "model/topology/route.h"
#include "model/topology/service.h"

#include <optional>
#include <QString>

namespace ingress {

// The spelling of each enum in topology files, in one place for the loader, the writer, the
// CLI and the GUI.
QString toString(Protocol value);
QString toString(ServiceType value);
QString toString(LoadBalancing value);
QString toString(PathType value);
QString toString(ValueMatch value);
QString toString(RateUnit value);

template <typename Enum> std::optional<Enum> enumFromString(QStringView text);
template <> std::optional<Protocol> enumFromString<Protocol>(QStringView text);
template <> std::optional<ServiceType> enumFromString<ServiceType>(QStringView text);
template <> std::optional<LoadBalancing> enumFromString<LoadBalancing>(QStringView text);
template <> std::optional<PathType> enumFromString<PathType>(QStringView text);
template <> std::optional<ValueMatch> enumFromString<ValueMatch>(QStringView text);
template <> std::optional<RateUnit> enumFromString<RateUnit>(QStringView text);

// "ClusterIP | NodePort | LoadBalancer": for "expected one of" messages and editors.
template <typename Enum> QStringList enumNames();
template <> QStringList enumNames<Protocol>();
template <> QStringList enumNames<ServiceType>();
template <> QStringList enumNames<LoadBalancing>();
template <> QStringList enumNames<PathType>();
template <> QStringList enumNames<ValueMatch>();
template <> QStringList enumNames<RateUnit>();

} // namespace ingress
