#include "proxy/metrics/metricsregistry.h"

#include "proxy/metrics/atomicworkermetrics.h"
#include "proxy/metrics/latencyhistogram.h"
#include "proxy/metrics/prometheusformat.h"

#include <chrono>
#include <mutex>

namespace ingress::proxy {

struct MetricsRegistry::Private {
    mutable std::mutex mutex; // guards the list, not the counters
    std::vector<std::unique_ptr<AtomicWorkerMetrics>> workers;
};

MetricsRegistry::MetricsRegistry() : d(std::make_unique<Private>()) {
}

MetricsRegistry::~MetricsRegistry() = default;

WorkerMetrics *MetricsRegistry::addWorker(const RoutingTablePtr &table) {
    return addWorker(table ? SubjectNames::fromTable(*table) : SubjectNames{});
}

WorkerMetrics *MetricsRegistry::addWorker(const SubjectNames &names) {
    auto worker = std::make_unique<AtomicWorkerMetrics>(names);
    std::lock_guard lock(d->mutex);
    d->workers.push_back(std::move(worker));
    return d->workers.back().get();
}

namespace {

// One subject summed over workers: the counters plus the merged latency buckets.
struct Accumulator {
    MetricCounters counters;
    HistogramCounts latency;

    void add(const AtomicWorkerMetrics::Slot &slot) {
        const auto &definitions = metricDefinitions();
        for (int i = 0; i < MetricSlotCount; ++i)
            definitions[std::size_t(i)].add(
                counters, slot.values[std::size_t(i)].load(std::memory_order_relaxed));
        latency.add(slot.latency);
    }
    MetricCounters finish() {
        counters.p50Us = latency.quantile(0.50);
        counters.p90Us = latency.quantile(0.90);
        counters.p99Us = latency.quantile(0.99);
        return counters;
    }
};

} // namespace

MetricsSnapshot MetricsRegistry::snapshot() const {
    MetricsSnapshot result;
    result.takenAtMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now().time_since_epoch())
                           .count();
    std::map<std::pair<MetricScope, std::string>, Accumulator> subjects;
    Accumulator total;
    {
        std::lock_guard lock(d->mutex);
        for (const auto &worker : d->workers) {
            worker->visit(
                [&](MetricScope scope, const std::string &name,
                    const AtomicWorkerMetrics::Slot &slot) {
                    subjects[{scope, name}].add(slot);
                },
                [&](const AtomicWorkerMetrics::Slot &slot) {
                    total.add(slot);
                    result.workerConnections.push_back(std::int64_t(
                        slot.values[ActiveConnectionsSlot].load(std::memory_order_relaxed)));
                });
        }
    }
    for (auto &[key, accumulator] : subjects)
        result.subjects.emplace(key, accumulator.finish());
    result.total = total.finish();
    return result;
}

QByteArray MetricsRegistry::toPrometheus(const MetricsSnapshot &snapshot) {
    return formatPrometheus(snapshot);
}

} // namespace ingress::proxy
