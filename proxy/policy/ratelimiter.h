#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>

namespace ingress::proxy {

// Requests per key (a client address, an API key) shared by every worker without a lock: the
// generic cell rate algorithm (GCRA), a token bucket kept as one "theoretical arrival time"
// per key, updated with one compare-and-swap.
//
// Keys hash into a fixed table of slots, each the arrival time in microseconds. A slot whose
// key has been quiet long enough for its bucket to refill is as good as new for any key; two
// busy keys that share a slot share its bucket, which only ever limits sooner, never later.
// Memory is fixed: a flood of new addresses cannot grow it (nginx's limit_req zone evicts
// old entries instead, to the same end).
class RateLimiter {
public:
    static constexpr std::size_t slotCount = 16384; // 128 KiB

    // One request every `intervalUs`, `burst` more at once.
    RateLimiter(std::int64_t intervalUs, std::int64_t burst);

    struct Verdict {
        bool allowed = true;
        std::int64_t retryAfterUs = 0; // when refused: until a request would pass
    };
    // `nowUs`: a monotonic clock (Worker::nowUs), the same for every caller.
    Verdict take(std::uint64_t keyHash, std::int64_t nowUs);

private:
    std::int64_t m_intervalUs;
    std::int64_t m_toleranceUs; // burst * interval: how far ahead of now a bucket may run
    std::unique_ptr<std::atomic<std::uint64_t>[]> m_slots;
};

} // namespace ingress::proxy
