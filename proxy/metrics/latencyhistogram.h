#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace ingress::proxy {

// Log-linear buckets in the manner of HdrHistogram: values below 32 us have a bucket each,
// above that every power of two is split into 32 equal buckets, so a bucket is at most 1/32 of
// its value wide (a midpoint is within ~1.6 %). 704 buckets reach 2^26 us (67 s); longer values
// land in the last one. Fixed buckets make merging the workers' histograms a plain sum.
namespace latencybuckets {
inline constexpr int subBucketBits = 5;
inline constexpr int subBuckets = 1 << subBucketBits;
inline constexpr int count = subBuckets * 22;
inline constexpr std::int64_t maxTrackedUs = (std::int64_t(1) << 26) - 1;

int indexOf(std::int64_t valueUs);
std::int64_t lowerBound(int index);
std::int64_t width(int index);
// The value that stands for the bucket's contents: its midpoint.
double representative(int index);
} // namespace latencybuckets

// Written by one thread (plain load+store of relaxed atomics, no read-modify-write), read by
// any.
class LatencyHistogram {
public:
    void record(std::int64_t valueUs) {
        auto &bucket = m_buckets[std::size_t(latencybuckets::indexOf(valueUs))];
        bucket.store(bucket.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }
    std::uint64_t bucket(int index) const {
        return m_buckets[std::size_t(index)].load(std::memory_order_relaxed);
    }

private:
    std::array<std::atomic<std::uint64_t>, latencybuckets::count> m_buckets{};
};

// A merged copy (plain integers) that answers percentile queries.
class HistogramCounts {
public:
    void add(const LatencyHistogram &histogram);
    void addValue(std::int64_t valueUs, std::uint64_t times = 1);
    std::uint64_t total() const { return m_total; }
    // The value at quantile q in [0, 1]; 0 for an empty histogram.
    double quantile(double q) const;

private:
    std::array<std::uint64_t, latencybuckets::count> m_counts{};
    std::uint64_t m_total = 0;
};

} // namespace ingress::proxy
