#include "proxy/http/headerblock.h"

#include "proxy/http/httpchars.h"

#include <cstdint>
#include <cstring>

namespace ingress::proxy::http {

std::size_t findLineEnd(std::string_view buffer, std::size_t begin) {
    const char *data = buffer.data() + begin;
    const std::size_t size = buffer.size() - begin;
    const void *lf = std::memchr(data, '\n', size);
    if (!lf)
        return std::string_view::npos;
    const std::size_t lfAt = static_cast<std::size_t>(static_cast<const char *>(lf) - data);
    if (lfAt == 0 || data[lfAt - 1] != '\r')
        return badLine; // bare LF
    if (std::memchr(data, '\r', lfAt - 1))
        return badLine; // bare CR inside the line
    return begin + lfAt - 1;
}

namespace {

// Offset of the first byte of `value` that is not a field-value character, or npos. Eight bytes
// at a time while none is below 0x20 or is DEL (the usual case); a word that might hold one,
// such as a legitimate tab, and the tail are checked byte by byte. The per-byte loop alone was
// most of the cost of parsing an upstream response head.
std::size_t firstInvalidValueChar(std::string_view value) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    std::size_t i = 0;
    for (; i + 8 <= value.size(); i += 8) {
        std::uint64_t x = 0;
        std::memcpy(&x, value.data() + i, 8);
        const std::uint64_t del = x ^ (ones * 0x7f);
        if ((((x - ones * 0x20) & ~x) | ((del - ones) & ~del)) & highs)
            break;
    }
    for (; i < value.size(); ++i) {
        if (!isFieldValueChar(value[i]))
            return i;
    }
    return std::string_view::npos;
}

} // namespace

ParseOutcome parseHeaderBlock(std::string_view buffer, std::size_t begin,
                              const HeaderLimits &limits, std::vector<Header> *headers,
                              std::size_t *end) {
    static constexpr const char *bareCrLf = "bare CR or LF in a header line";
    headers->clear();
    const char *data = buffer.data();
    std::size_t pos = begin;
    for (;;) {
        // One scan for the LF; a bare CR inside the line fails the name or value check below
        // (neither admits CR), so unlike findLineEnd() no second scan for it.
        const void *lf = std::memchr(data + pos, '\n', buffer.size() - pos);
        if (!lf) {
            if (buffer.size() - begin > limits.maxBytes)
                return ParseOutcome::error(431, "header section too large");
            // A partial line can already be known bad; reject early rather than wait.
            if (pos < buffer.size() && (buffer[pos] == ' ' || buffer[pos] == '\t'))
                return ParseOutcome::error(400, "obsolete line folding");
            return ParseOutcome::incomplete();
        }
        const std::size_t lfAt = std::size_t(static_cast<const char *>(lf) - data);
        if (lfAt == pos || data[lfAt - 1] != '\r')
            return ParseOutcome::error(400, bareCrLf); // bare LF
        const std::size_t cr = lfAt - 1;
        if (cr + 2 - begin > limits.maxBytes)
            return ParseOutcome::error(431, "header section too large");
        const std::string_view line(data + pos, cr - pos);
        pos = cr + 2;
        if (line.empty()) {
            *end = pos;
            return ParseOutcome::complete();
        }
        if (line.front() == ' ' || line.front() == '\t')
            return ParseOutcome::error(400, "obsolete line folding");
        std::size_t colon = 0;
        while (colon < line.size() && isTchar(line[colon]))
            ++colon;
        if (colon < line.size() && line[colon] == '\r')
            return ParseOutcome::error(400, bareCrLf);
        if (colon == line.size())
            return ParseOutcome::error(400, "header line without a colon");
        if (line[colon] != ':') {
            if (line[colon] == ' ' || line[colon] == '\t')
                return ParseOutcome::error(400, "whitespace before the colon");
            return ParseOutcome::error(400, "invalid character in a header name");
        }
        if (colon == 0)
            return ParseOutcome::error(400, "empty header name");
        const std::string_view value = line.substr(colon + 1);
        if (const std::size_t bad = firstInvalidValueChar(value); bad != std::string_view::npos)
            return ParseOutcome::error(
                400, value[bad] == '\r' ? bareCrLf : "control character in a header value");
        if (headers->size() >= limits.maxCount)
            return ParseOutcome::error(431, "too many header fields");
        headers->push_back({line.substr(0, colon), trimOws(value)});
    }
}

} // namespace ingress::proxy::http
