#include "model/routing/ipblock.h"

#include <charconv>
#include <cstring>
#ifdef _WIN32
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#endif

namespace ingress {

namespace {

constexpr std::uint8_t v4Prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool isV4(const IpBytes &bytes) {
    return std::memcmp(bytes.data(), v4Prefix, sizeof v4Prefix) == 0;
}

} // namespace

std::optional<IpBytes> IpBlock::parseAddress(std::string_view text) {
    // inet_pton wants a terminated string; addresses are short.
    char buffer[64];
    if (text.empty() || text.size() >= sizeof buffer)
        return std::nullopt;
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';
    IpBytes bytes{};
    if (inet_pton(AF_INET, buffer, bytes.data() + 12) == 1) {
        std::memcpy(bytes.data(), v4Prefix, sizeof v4Prefix);
        return bytes;
    }
    if (inet_pton(AF_INET6, buffer, bytes.data()) == 1)
        return bytes;
    return std::nullopt;
}

std::optional<IpBlock> IpBlock::parse(std::string_view text) {
    const std::size_t slash = text.find('/');
    const std::optional<IpBytes> address = parseAddress(text.substr(0, slash));
    if (!address)
        return std::nullopt;
    IpBlock block;
    block.bytes = *address;
    const bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
    if (slash != std::string_view::npos) {
        const std::string_view digits = text.substr(slash + 1);
        int prefix = -1;
        const auto [end, error] =
            std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
        if (error != std::errc() || end != digits.data() + digits.size() || digits.empty() ||
            prefix < 0 || prefix > (v4 ? 32 : 128))
            return std::nullopt;
        block.prefix = v4 ? prefix + 96 : prefix;
    }
    // Clear the host bits, so contains() compares whole bytes.
    for (int bit = block.prefix; bit < 128; ++bit)
        block.bytes[std::size_t(bit / 8)] &= std::uint8_t(~(0x80u >> (bit % 8)));
    return block;
}

bool IpBlock::contains(const IpBytes &address) const {
    const int whole = prefix / 8;
    if (std::memcmp(bytes.data(), address.data(), std::size_t(whole)) != 0)
        return false;
    if (const int rest = prefix % 8) {
        const auto mask = std::uint8_t(0xff00u >> rest);
        return (address[std::size_t(whole)] & mask) == bytes[std::size_t(whole)];
    }
    return true;
}

std::string IpBlock::toString() const {
    char buffer[INET6_ADDRSTRLEN] = {};
    const bool v4 = isV4(bytes) && prefix >= 96;
    if (v4)
        inet_ntop(AF_INET, bytes.data() + 12, buffer, sizeof buffer);
    else
        inet_ntop(AF_INET6, bytes.data(), buffer, sizeof buffer);
    return std::string(buffer) + '/' + std::to_string(v4 ? prefix - 96 : prefix);
}

} // namespace ingress
