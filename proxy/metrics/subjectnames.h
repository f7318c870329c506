#pragma once

#include <string>
#include <vector>

namespace ingress {
class RoutingTable;
}

namespace ingress::proxy {

// The metric subject name of every index of one RoutingTable (see MetricsSnapshot): what
// WorkerMetrics binds its slots to, so a reload maps counters by name, not by position.
struct SubjectNames {
    std::vector<std::string> listeners;              // "web"
    std::vector<std::string> hosts;                  // "food.bar.com"
    std::vector<std::vector<std::string>> routes;    // per host: "food.bar.com /api"
    std::vector<std::string> services;               // "food"
    std::vector<std::vector<std::string>> endpoints; // per service: "food/127.0.0.1:9001"
    // Per host, per route: its backends when it splits (else none), its mirrors.
    // "food.bar.com /api -> canary"
    std::vector<std::vector<std::vector<std::string>>> backends;
    std::vector<std::vector<std::vector<std::string>>> mirrors;

    static SubjectNames fromTable(const RoutingTable &table);
    static std::string routeName(const std::string &hostPattern, const std::string &path);
    static std::string endpointName(const std::string &service, const std::string &address);
    static std::string targetName(const std::string &routeName, const std::string &service);
};

} // namespace ingress::proxy
