#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace ingress::proxy::http {

// Character classes of RFC 9110 section 5.6, as lookup tables built at compile time so that the
// parsers test one byte with one load.
struct CharTables {
    std::array<bool, 256> tchar{};      // token characters (methods, field names)
    std::array<bool, 256> fieldValue{}; // VCHAR, obs-text, SP, HTAB
    std::array<bool, 256> target{};     // request-target: visible ASCII and obs-text
    std::array<bool, 256> hex{};
};

constexpr CharTables makeCharTables() {
    CharTables t;
    for (int c = 0; c < 256; ++c) {
        const bool alnum =
            (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        t.tchar[c] =
            alnum || std::string_view("!#$%&'*+-.^_`|~").find(char(c)) != std::string_view::npos;
        t.fieldValue[c] = (c >= 0x21 && c <= 0x7e) || c >= 0x80 || c == ' ' || c == '\t';
        t.target[c] = c >= 0x21 && c <= 0x7e;
        t.hex[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
    return t;
}

inline constexpr CharTables chars = makeCharTables();

inline bool isTchar(char c) {
    return chars.tchar[static_cast<unsigned char>(c)];
}
inline bool isFieldValueChar(char c) {
    return chars.fieldValue[static_cast<unsigned char>(c)];
}
inline bool isTargetChar(char c) {
    return chars.target[static_cast<unsigned char>(c)];
}
inline bool isHex(char c) {
    return chars.hex[static_cast<unsigned char>(c)];
}

inline int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return c - 'A' + 10;
}

inline char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
}

inline bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

inline std::string_view trimOws(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// Does the comma-separated list `list` contain `token` (case-insensitive)?
inline bool listContains(std::string_view list, std::string_view token) {
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        const std::string_view item = trimOws(list.substr(0, comma));
        if (equalsIgnoreCase(item, token))
            return true;
        if (comma == std::string_view::npos)
            break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

// Strict 1*DIGIT, no sign, no whitespace, no overflow.
inline bool parseDecimal(std::string_view s, std::uint64_t *out) {
    if (s.empty() || s.size() > 18)
        return false;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + std::uint64_t(c - '0');
    }
    *out = v;
    return true;
}

} // namespace ingress::proxy::http
