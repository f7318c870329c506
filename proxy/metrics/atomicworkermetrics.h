#pragma once

#include "proxy/metrics/latencyhistogram.h"
#include "proxy/metrics/metricdefinitions.h"
#include "proxy/metrics/subjectnames.h"
#include "proxy/metrics/workermetrics.h"

#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace ingress::proxy {

// WorkerMetrics of one worker thread. The worker's record path touches only its own slots
// (relaxed atomics, no lock, no allocation); the slot list itself changes only in rebind(),
// under a mutex that snapshots take too. Slots are never removed: a subject that leaves the
// table keeps its totals (Prometheus counters must not go backwards) and a subject that
// returns under the same name continues them.
class AtomicWorkerMetrics : public WorkerMetrics {
public:
    explicit AtomicWorkerMetrics(const SubjectNames &names);

    void rebind(const RoutingTablePtr &table) override;
    void rebind(const SubjectNames &names);
    void record(const RequestRecord &record) override;
    void recordMirror(const MirrorRecord &record) override;
    void connectionOpened(int listener) override;
    void connectionClosed(int listener) override;

    struct Slot {
        std::array<std::atomic<std::uint64_t>, MetricSlotCount> values{};
        LatencyHistogram latency;

        void add(int slot, std::uint64_t n) {
            auto &value = values[std::size_t(slot)];
            value.store(value.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
        }
    };
    // Calls visit(scope, name, slot) for every subject, and visitTotal(slot) once, under the
    // lock. Any thread.
    template <typename Visit, typename VisitTotal>
    void visit(Visit &&visitSubject, VisitTotal &&visitTotal) const {
        std::lock_guard lock(m_mutex);
        for (const auto &[key, slot] : m_slots)
            visitSubject(key.first, key.second, *slot);
        visitTotal(m_total);
    }

private:
    Slot *slotFor(MetricScope scope, const std::string &name);
    void recordInto(Slot &slot, const RequestRecord &record, int statusClass);

    mutable std::mutex m_mutex; // guards m_slots' structure, not the counters
    std::map<std::pair<MetricScope, std::string>, std::unique_ptr<Slot>> m_slots;
    Slot m_total;
    // Index -> slot for the bound table: read on the record path, owned by the worker thread.
    std::vector<Slot *> m_listeners;
    std::vector<Slot *> m_hosts;
    std::vector<std::vector<Slot *>> m_routes;
    std::vector<Slot *> m_services;
    std::vector<std::vector<Slot *>> m_endpoints;
    std::vector<std::vector<std::vector<Slot *>>> m_backends; // [host][route][backend]
    std::vector<std::vector<std::vector<Slot *>>> m_mirrors;  // [host][route][mirror]
};

} // namespace ingress::proxy
