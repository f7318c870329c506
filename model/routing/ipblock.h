#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ingress {

// An IP address as 16 bytes, IPv4 as its IPv4-mapped IPv6 form (::ffff:a.b.c.d), so one
// comparison serves both families.
using IpBytes = std::array<std::uint8_t, 16>;

// "10.0.0.0/8", "2001:db8::/32", or one address ("192.0.2.7", "::1") for a block of one. What
// access lists and trusted proxies are made of.
struct IpBlock {
    IpBytes bytes{};
    int prefix = 128; // over the 16 bytes: an IPv4 /8 is 104

    // Nullopt for anything else, a prefix beyond the family's width included. Host bits set
    // below the prefix ("10.1.2.3/8") are accepted and ignored, as nginx's `allow` does.
    static std::optional<IpBlock> parse(std::string_view text);
    // The address text ("127.0.0.1", "::1", "::ffff:10.0.0.1" counts as IPv4) to bytes.
    static std::optional<IpBytes> parseAddress(std::string_view text);
    bool contains(const IpBytes &address) const;
    std::string toString() const;
};

} // namespace ingress
