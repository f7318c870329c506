#include "model/topology/enums.h"

#include <array>
#include <QStringList>
#include <utility>

namespace ingress {

namespace {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, QLatin1StringView>, N>;

constexpr NameTable<Protocol, 2> protocolNames{{
    {Protocol::Http, QLatin1StringView("HTTP")},
    {Protocol::Https, QLatin1StringView("HTTPS")},
}};
constexpr NameTable<ServiceType, 3> serviceTypeNames{{
    {ServiceType::ClusterIP, QLatin1StringView("ClusterIP")},
    {ServiceType::NodePort, QLatin1StringView("NodePort")},
    {ServiceType::LoadBalancer, QLatin1StringView("LoadBalancer")},
}};
constexpr NameTable<LoadBalancing, 4> loadBalancingNames{{
    {LoadBalancing::RoundRobin, QLatin1StringView("RoundRobin")},
    {LoadBalancing::LeastConnections, QLatin1StringView("LeastConnections")},
    {LoadBalancing::IPHash, QLatin1StringView("IPHash")},
    {LoadBalancing::Random, QLatin1StringView("Random")},
}};
constexpr NameTable<PathType, 3> pathTypeNames{{
    {PathType::Exact, QLatin1StringView("Exact")},
    {PathType::Prefix, QLatin1StringView("Prefix")},
    {PathType::Regex, QLatin1StringView("Regex")},
}};

constexpr NameTable<ValueMatch, 2> valueMatchNames{{
    {ValueMatch::Exact, QLatin1StringView("Exact")},
    {ValueMatch::RegularExpression, QLatin1StringView("RegularExpression")},
}};

// Lower case, as the rate is said aloud ("10 per second").
constexpr NameTable<RateUnit, 2> rateUnitNames{{
    {RateUnit::Second, QLatin1StringView("second")},
    {RateUnit::Minute, QLatin1StringView("minute")},
}};

template <typename Table, typename Enum> QString nameOf(const Table &table, Enum value) {
    for (const auto &[e, name] : table)
        if (e == value)
            return QString(name);
    return {};
}

// Enum spellings are case-sensitive in the file, as Kubernetes' are: "prefix" is a typo that
// the loader reports with the list of valid names.
template <typename Enum, typename Table>
std::optional<Enum> valueOf(const Table &table, QStringView text) {
    for (const auto &[e, name] : table)
        if (text == name)
            return e;
    return std::nullopt;
}

template <typename Table> QStringList namesOf(const Table &table) {
    QStringList names;
    for (const auto &entry : table)
        names << QString(entry.second);
    return names;
}

} // namespace

QString toString(Protocol value) {
    return nameOf(protocolNames, value);
}
QString toString(ServiceType value) {
    return nameOf(serviceTypeNames, value);
}
QString toString(LoadBalancing value) {
    return nameOf(loadBalancingNames, value);
}
QString toString(PathType value) {
    return nameOf(pathTypeNames, value);
}
QString toString(ValueMatch value) {
    return nameOf(valueMatchNames, value);
}
QString toString(RateUnit value) {
    return nameOf(rateUnitNames, value);
}

template <> std::optional<Protocol> enumFromString<Protocol>(QStringView text) {
    return valueOf<Protocol>(protocolNames, text);
}
template <> std::optional<ServiceType> enumFromString<ServiceType>(QStringView text) {
    return valueOf<ServiceType>(serviceTypeNames, text);
}
template <> std::optional<LoadBalancing> enumFromString<LoadBalancing>(QStringView text) {
    return valueOf<LoadBalancing>(loadBalancingNames, text);
}
template <> std::optional<PathType> enumFromString<PathType>(QStringView text) {
    return valueOf<PathType>(pathTypeNames, text);
}
template <> std::optional<ValueMatch> enumFromString<ValueMatch>(QStringView text) {
    return valueOf<ValueMatch>(valueMatchNames, text);
}
template <> std::optional<RateUnit> enumFromString<RateUnit>(QStringView text) {
    return valueOf<RateUnit>(rateUnitNames, text);
}

template <> QStringList enumNames<Protocol>() {
    return namesOf(protocolNames);
}
template <> QStringList enumNames<ServiceType>() {
    return namesOf(serviceTypeNames);
}
template <> QStringList enumNames<LoadBalancing>() {
    return namesOf(loadBalancingNames);
}
template <> QStringList enumNames<PathType>() {
    return namesOf(pathTypeNames);
}
template <> QStringList enumNames<ValueMatch>() {
    return namesOf(valueMatchNames);
}
template <> QStringList enumNames<RateUnit>() {
    return namesOf(rateUnitNames);
}

} // namespace ingress
