#include "proxy/metrics/latencyhistogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace ingress::proxy {

namespace latencybuckets {

int indexOf(std::int64_t valueUs) {
    const auto value = std::uint64_t(std::clamp<std::int64_t>(valueUs, 0, maxTrackedUs));
    if (value < std::uint64_t(subBuckets))
        return int(value);
    const int shift = std::bit_width(value) - 1 - subBucketBits;
    const int sub = int(value >> shift) - subBuckets;
    return subBuckets + shift * subBuckets + sub;
}

std::int64_t lowerBound(int index) {
    if (index < subBuckets)
        return index;
    const int shift = (index - subBuckets) / subBuckets;
    const int sub = (index - subBuckets) % subBuckets;
    return std::int64_t(subBuckets + sub) << shift;
}

std::int64_t width(int index) {
    return index < subBuckets ? 1 : std::int64_t(1) << ((index - subBuckets) / subBuckets);
}

double representative(int index) {
    return double(lowerBound(index)) + double(width(index) - 1) / 2.0;
}

} // namespace latencybuckets

void HistogramCounts::add(const LatencyHistogram &histogram) {
    for (int i = 0; i < latencybuckets::count; ++i) {
        const std::uint64_t n = histogram.bucket(i);
        m_counts[std::size_t(i)] += n;
        m_total += n;
    }
}

void HistogramCounts::addValue(std::int64_t valueUs, std::uint64_t times) {
    m_counts[std::size_t(latencybuckets::indexOf(valueUs))] += times;
    m_total += times;
}

double HistogramCounts::quantile(double q) const {
    if (m_total == 0)
        return 0;
    // Nearest rank: the smallest value with at least q of the samples at or below it.
    const auto rank = std::max<std::uint64_t>(
        1, std::uint64_t(std::ceil(std::clamp(q, 0.0, 1.0) * double(m_total))));
    std::uint64_t seen = 0;
    for (int i = 0; i < latencybuckets::count; ++i) {
        seen += m_counts[std::size_t(i)];
        if (seen >= rank)
            return latencybuckets::representative(i);
    }
    return latencybuckets::representative(latencybuckets::count - 1);
}

} // namespace ingress::proxy
