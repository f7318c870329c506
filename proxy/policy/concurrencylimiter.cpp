#include "proxy/policy/concurrencylimiter.h"

#include <algorithm>

namespace ingress::proxy {

ConcurrencyLimiter::ConcurrencyLimiter(int limit)
    : m_limit(std::uint32_t(std::max(1, limit))),
      m_counts(std::make_unique<std::atomic<std::uint32_t>[]>(slotCount)) {
    for (std::size_t i = 0; i < slotCount; ++i)
        m_counts[i].store(0, std::memory_order_relaxed);
}

bool ConcurrencyLimiter::acquire(std::uint64_t keyHash) {
    std::atomic<std::uint32_t> &count = m_counts[keyHash % slotCount];
    std::uint32_t current = count.load(std::memory_order_relaxed);
    do {
        if (current >= m_limit)
            return false;
    } while (!count.compare_exchange_weak(current, current + 1, std::memory_order_relaxed));
    return true;
}

void ConcurrencyLimiter::release(std::uint64_t keyHash) {
    m_counts[keyHash % slotCount].fetch_sub(1, std::memory_order_relaxed);
}

} // namespace ingress::proxy
