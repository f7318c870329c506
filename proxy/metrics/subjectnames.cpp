#include "proxy/metrics/subjectnames.h"

#include "model/routing/routingtable.h"

namespace ingress::proxy {

std::string SubjectNames::routeName(const std::string &hostPattern, const std::string &path) {
    return hostPattern + ' ' + path;
}

std::string SubjectNames::endpointName(const std::string &service, const std::string &address) {
    return service + '/' + address;
}

std::string SubjectNames::targetName(const std::string &routeName, const std::string &service) {
    return routeName + " -> " + service;
}

SubjectNames SubjectNames::fromTable(const RoutingTable &table) {
    SubjectNames names;
    for (const CompiledListener &listener : table.listeners())
        names.listeners.push_back(listener.name);
    for (const CompiledHost &host : table.hosts()) {
        names.hosts.push_back(host.pattern);
        auto &routes = names.routes.emplace_back();
        auto &backends = names.backends.emplace_back();
        auto &mirrors = names.mirrors.emplace_back();
        // One name a route (CompiledRoute::index), named by its first match: metrics count
        // routes as the user wrote them, not each of their matches.
        for (const CompiledRoute &route : host.routes) {
            if (route.match != 0)
                continue;
            const std::string name = routeName(host.pattern, route.path);
            routes.push_back(name);
            auto &routeBackends = backends.emplace_back();
            if (route.isSplit())
                for (const CompiledBackend &backend : route.backends)
                    routeBackends.push_back(
                        targetName(name, table.services()[std::size_t(backend.service)].name));
            auto &routeMirrors = mirrors.emplace_back();
            for (const CompiledMirror &mirror : route.mirrors)
                routeMirrors.push_back(targetName(
                    name, mirror.service >= 0 ? table.services()[std::size_t(mirror.service)].name
                                              : std::string("?")));
        }
    }
    for (const CompiledService &service : table.services()) {
        names.services.push_back(service.name);
        auto &endpoints = names.endpoints.emplace_back();
        for (const CompiledEndpoint &endpoint : service.endpoints)
            endpoints.push_back(endpointName(service.name, endpoint.address));
    }
    return names;
}

} // namespace ingress::proxy
