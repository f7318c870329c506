#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

namespace ingress::proxy {

// Requests in progress at once per key (a client address), shared by every worker without a
// lock: a fixed table of counters the key hashes into. Two keys that share a counter share its
// limit, which only ever refuses sooner; memory stays fixed whatever the clients do.
class ConcurrencyLimiter {
public:
    static constexpr std::size_t slotCount = 16384; // 64 KiB

    explicit ConcurrencyLimiter(int limit);

    // Counts one more request for the key; false (nothing counted) when at the limit.
    bool acquire(std::uint64_t keyHash);
    // Ends one request that acquire() counted.
    void release(std::uint64_t keyHash);

private:
    std::uint32_t m_limit;
    std::unique_ptr<std::atomic<std::uint32_t>[]> m_counts;
};

} // namespace ingress::proxy
