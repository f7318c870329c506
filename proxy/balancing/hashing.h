#pragma once

#include <cstdint>
#include <string_view>

namespace ingress::proxy {

// Stable 64-bit hashes for balancing decisions. std::hash is not specified to be stable or
// well mixed, and IPHash must send a client to the same endpoint on every worker and after
// every restart, so the functions are spelled out here.

// FNV-1a over bytes: the engine hashes the client address with it (PickRequest::clientHash).
constexpr std::uint64_t hashBytes(std::string_view bytes) {
    std::uint64_t hash = 0xcbf29ce484222325ull;
    for (const char c : bytes) {
        hash ^= std::uint8_t(c);
        hash *= 0x100000001b3ull;
    }
    return hash;
}

// splitmix64's finaliser: turns weakly distributed inputs (FNV of similar addresses, a counter)
// into bits that are uniform enough to be read as a fraction.
constexpr std::uint64_t mix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// The top 53 bits as a double in the open interval (0, 1).
constexpr double unitInterval(std::uint64_t x) {
    return (double(x >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

} // namespace ingress::proxy
