#include "proxy/metrics/atomicworkermetrics.h"

namespace ingress::proxy {

namespace {

template <typename T> T *at(const std::vector<T *> &slots, int index) {
    return index >= 0 && std::size_t(index) < slots.size() ? slots[std::size_t(index)] : nullptr;
}

template <typename T>
T *at(const std::vector<std::vector<std::vector<T *>>> &slots, int host, int route, int index) {
    if (host < 0 || std::size_t(host) >= slots.size())
        return nullptr;
    const auto &routes = slots[std::size_t(host)];
    if (route < 0 || std::size_t(route) >= routes.size())
        return nullptr;
    return at(routes[std::size_t(route)], index);
}

} // namespace

AtomicWorkerMetrics::AtomicWorkerMetrics(const SubjectNames &names) {
    rebind(names);
}

void AtomicWorkerMetrics::rebind(const RoutingTablePtr &table) {
    rebind(table ? SubjectNames::fromTable(*table) : SubjectNames{});
}

AtomicWorkerMetrics::Slot *AtomicWorkerMetrics::slotFor(MetricScope scope,
                                                        const std::string &name) {
    auto &slot = m_slots[{scope, name}];
    if (!slot)
        slot = std::make_unique<Slot>();
    return slot.get();
}

void AtomicWorkerMetrics::rebind(const SubjectNames &names) {
    std::lock_guard lock(m_mutex);
    const auto bind = [this](MetricScope scope, const std::vector<std::string> &list) {
        std::vector<Slot *> slots;
        slots.reserve(list.size());
        for (const std::string &name : list)
            slots.push_back(slotFor(scope, name));
        return slots;
    };
    m_listeners = bind(MetricScope::Listener, names.listeners);
    m_hosts = bind(MetricScope::Host, names.hosts);
    m_services = bind(MetricScope::Service, names.services);
    m_routes.clear();
    for (const auto &routes : names.routes)
        m_routes.push_back(bind(MetricScope::Route, routes));
    m_endpoints.clear();
    for (const auto &endpoints : names.endpoints)
        m_endpoints.push_back(bind(MetricScope::Endpoint, endpoints));
    const auto bindPerRoute = [&](MetricScope scope, const auto &perHost) {
        std::vector<std::vector<std::vector<Slot *>>> slots;
        for (const auto &routes : perHost) {
            auto &hostSlots = slots.emplace_back();
            for (const auto &targets : routes)
                hostSlots.push_back(bind(scope, targets));
        }
        return slots;
    };
    m_backends = bindPerRoute(MetricScope::Backend, names.backends);
    m_mirrors = bindPerRoute(MetricScope::Mirror, names.mirrors);
}

void AtomicWorkerMetrics::recordInto(Slot &slot, const RequestRecord &record, int statusClass) {
    slot.add(RequestsSlot, 1);
    if (statusClass >= 1 && statusClass <= 5)
        slot.add(Responses1xxSlot + statusClass - 1, 1);
    slot.add(BytesInSlot, record.bytesIn);
    slot.add(BytesOutSlot, record.bytesOut);
    if (record.upstreamConnectError)
        slot.add(UpstreamConnectErrorsSlot, 1);
    if (record.retries > 0)
        slot.add(RetriesSlot, std::uint64_t(record.retries));
    if (record.upstreamReused)
        slot.add(UpstreamReusedSlot, 1);
    if (record.denied != PolicyDenial::None)
        slot.add(DeniedConnectionsSlot + int(record.denied) - int(PolicyDenial::Connections), 1);
    const std::int64_t duration = std::max<std::int64_t>(record.durationUs, 0);
    slot.add(DurationSumSlot, std::uint64_t(duration));
    slot.latency.record(duration);
}

void AtomicWorkerMetrics::record(const RequestRecord &record) {
    const int statusClass = record.status / 100;
    recordInto(m_total, record, statusClass);
    // A service without a route is the default service (RoutingTable::match).
    const bool viaDefault = record.route < 0 && record.service >= 0;
    if (viaDefault)
        m_total.add(DefaultServiceRequestsSlot, 1);
    // Indices out of range (a record from a table this worker is no longer bound to) only
    // lose the per-subject detail, never the totals.
    if (Slot *slot = at(m_listeners, record.listener))
        recordInto(*slot, record, statusClass);
    if (Slot *slot = at(m_hosts, record.host)) {
        recordInto(*slot, record, statusClass);
        if (std::size_t(record.host) < m_routes.size()) {
            if (Slot *route = at(m_routes[std::size_t(record.host)], record.route))
                recordInto(*route, record, statusClass);
        }
        if (Slot *backend = at(m_backends, record.host, record.route, record.backend))
            recordInto(*backend, record, statusClass);
    }
    if (Slot *slot = at(m_services, record.service)) {
        recordInto(*slot, record, statusClass);
        if (viaDefault)
            slot->add(DefaultServiceRequestsSlot, 1);
        if (std::size_t(record.service) < m_endpoints.size()) {
            if (Slot *endpoint = at(m_endpoints[std::size_t(record.service)], record.endpoint))
                recordInto(*endpoint, record, statusClass);
        }
    }
}

void AtomicWorkerMetrics::recordMirror(const MirrorRecord &record) {
    const int slot = record.outcome == MirrorOutcome::Answered ? MirrorsAnsweredSlot
                     : record.outcome == MirrorOutcome::Failed ? MirrorsFailedSlot
                                                               : MirrorsDroppedSlot;
    m_total.add(slot, 1);
    if (Slot *mirror = at(m_mirrors, record.host, record.route, record.mirror))
        mirror->add(slot, 1);
}

void AtomicWorkerMetrics::connectionOpened(int listener) {
    m_total.add(ActiveConnectionsSlot, 1);
    if (Slot *slot = at(m_listeners, listener))
        slot->add(ActiveConnectionsSlot, 1);
}

void AtomicWorkerMetrics::connectionClosed(int listener) {
    // Adding 2^64 - 1 is subtracting one in the wrapping gauge slots.
    m_total.add(ActiveConnectionsSlot, ~std::uint64_t(0));
    if (Slot *slot = at(m_listeners, listener))
        slot->add(ActiveConnectionsSlot, ~std::uint64_t(0));
}

} // namespace ingress::proxy
