#include "proxy/policy/ratelimiter.h"

#include <algorithm>

namespace ingress::proxy {

RateLimiter::RateLimiter(std::int64_t intervalUs, std::int64_t burst)
    : m_intervalUs(std::max<std::int64_t>(1, intervalUs)),
      m_toleranceUs(std::max<std::int64_t>(0, burst) * m_intervalUs),
      m_slots(std::make_unique<std::atomic<std::uint64_t>[]>(slotCount)) {
    for (std::size_t i = 0; i < slotCount; ++i)
        m_slots[i].store(0, std::memory_order_relaxed);
}

RateLimiter::Verdict RateLimiter::take(std::uint64_t keyHash, std::int64_t nowUs) {
    // A slot's 0 (never used) is long past on a monotonic clock: a full bucket.
    const auto now = std::uint64_t(std::max<std::int64_t>(0, nowUs));
    std::atomic<std::uint64_t> &slot = m_slots[keyHash % slotCount];
    std::uint64_t old = slot.load(std::memory_order_relaxed);
    for (;;) {
        // A bucket ahead of now is busy (perhaps shared with another key); one behind now is
        // full again, whoever used it.
        const std::uint64_t tat = std::max(old, now);
        if (std::int64_t(tat - now) > m_toleranceUs)
            return {false, std::int64_t(tat - now) - m_toleranceUs};
        const std::uint64_t next = tat + std::uint64_t(m_intervalUs);
        if (slot.compare_exchange_weak(old, next, std::memory_order_relaxed))
            return {true, 0};
    }
}

} // namespace ingress::proxy
