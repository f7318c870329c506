#include "ui/canvas/canvastraffic.h"

#include "ui/canvas/canvaslayout.h"

#include <algorithm>

namespace ingress::ui {

namespace {

using proxy::MetricCounters;
using proxy::MetricScope;

std::uint64_t requests(const MetricCounters &c) {
    return c.requests;
}
std::uint64_t responses4xx(const MetricCounters &c) {
    return c.responsesByClass[3];
}
std::uint64_t responses5xx(const MetricCounters &c) {
    return c.responsesByClass[4];
}
std::uint64_t viaDefault(const MetricCounters &c) {
    return c.defaultServiceRequests;
}

// Canvas keys are "kind:subject" with the engine's subject names after the colon
// (SubjectNames: "food.bar.com /api", "food/127.0.0.1:9001").
std::string subjectOf(const CanvasNode &node) {
    return node.key.mid(node.key.indexOf(u':') + 1).toStdString();
}

MetricScope scopeOf(CanvasLayer layer) {
    switch (layer) {
    case CanvasLayer::Listeners:
        return MetricScope::Listener;
    case CanvasLayer::Hosts:
        return MetricScope::Host;
    case CanvasLayer::Routes:
        return MetricScope::Route;
    case CanvasLayer::Services:
        return MetricScope::Service;
    default:
        return MetricScope::Endpoint;
    }
}

} // namespace

void CanvasTraffic::setSamples(SnapshotPtr now, SnapshotPtr before) {
    m_now = std::move(now);
    m_before = std::move(before);
    m_seconds = m_now && m_before ? double(m_now->takenAtMs - m_before->takenAtMs) / 1000.0 : 0;
}

void CanvasTraffic::clear() {
    setSamples({}, {});
}

double CanvasTraffic::rate(MetricScope scope, const std::string &subject, Read read) const {
    if (!m_now || !m_before || m_seconds <= 0)
        return 0;
    const auto now = m_now->subjects.find({scope, subject});
    if (now == m_now->subjects.end())
        return 0;
    const auto before = m_before->subjects.find({scope, subject});
    // A subject new since the last sample (a reload added it) counted from zero.
    const std::uint64_t earlier = before == m_before->subjects.end() ? 0 : read(before->second);
    const std::uint64_t later = read(now->second);
    return later > earlier ? double(later - earlier) / m_seconds : 0;
}

double CanvasTraffic::nodeRate(const CanvasLayout &layout, int node) const {
    const CanvasNode &n = layout.nodes()[std::size_t(node)];
    if (n.layer == CanvasLayer::Clients)
        return m_now && m_before && m_seconds > 0
                   ? double(m_now->total.requests - m_before->total.requests) / m_seconds
                   : 0;
    return rate(scopeOf(n.layer), subjectOf(n), requests);
}

NodeTraffic CanvasTraffic::node(const CanvasLayout &layout, int node) const {
    NodeTraffic traffic;
    if (!m_now)
        return traffic;
    const CanvasNode &n = layout.nodes()[std::size_t(node)];
    traffic.rate = nodeRate(layout, node);
    if (n.layer == CanvasLayer::Routes) {
        const std::string subject = subjectOf(n);
        traffic.rate4xx = rate(MetricScope::Route, subject, responses4xx);
        traffic.rate5xx = rate(MetricScope::Route, subject, responses5xx);
    }
    if (n.layer == CanvasLayer::Endpoints) {
        const std::string subject = subjectOf(n);
        const auto condition = m_now->endpointConditions.find(subject);
        if (condition != m_now->endpointConditions.end()) {
            switch (condition->second) {
            case proxy::EndpointCondition::Healthy:
                traffic.health = NodeTraffic::Health::Healthy;
                break;
            case proxy::EndpointCondition::Unhealthy:
                traffic.health = NodeTraffic::Health::Unhealthy;
                break;
            case proxy::EndpointCondition::Ejected:
                traffic.health = NodeTraffic::Health::Ejected;
                break;
            }
        }
        // The service is the part before the first '/' (service names hold none).
        const double serviceRate =
            rate(MetricScope::Service, subject.substr(0, subject.find('/')), requests);
        if (serviceRate > 0)
            traffic.share = std::min(1.0, traffic.rate / serviceRate);
    }
    return traffic;
}

double CanvasTraffic::listenerShare(const CanvasLayout &layout, int listener, int node) const {
    double sum = 0;
    for (int edge : layout.edgesOf(node)) {
        const CanvasEdge &e = layout.edges()[std::size_t(edge)];
        if (e.to == node && layout.nodes()[std::size_t(e.from)].layer == CanvasLayer::Listeners)
            sum += nodeRate(layout, e.from);
    }
    return sum > 0 ? nodeRate(layout, listener) / sum : 0;
}

double CanvasTraffic::edgeRate(const CanvasLayout &layout, int edge) const {
    if (!m_now)
        return 0;
    const CanvasEdge &e = layout.edges()[std::size_t(edge)];
    const CanvasNode &from = layout.nodes()[std::size_t(e.from)];
    const CanvasNode &to = layout.nodes()[std::size_t(e.to)];
    if (e.fallback) {
        // What no route matched, on the listeners in proportion to what each received.
        return rate(MetricScope::Service, subjectOf(to), viaDefault) *
               listenerShare(layout, e.from, e.to);
    }
    switch (from.layer) {
    case CanvasLayer::Listeners: {
        // The engine counts per listener and per host, not per pair: a host on one listener
        // gets it all, one on several is split by how busy each listener is (an estimate).
        const double hostRate = nodeRate(layout, e.to);
        return hostRate > 0 ? hostRate * listenerShare(layout, e.from, e.to) : 0;
    }
    case CanvasLayer::Routes:
        // route -> service: what that route sent; a split's backend its share by weight (an
        // estimate: the engine counts per route and per service, not per pair).
        return nodeRate(layout, e.from) * e.share;
    default:
        return nodeRate(layout, e.to); // clients -> listener, host -> route, service -> endpoint
    }
}

} // namespace ingress::ui
