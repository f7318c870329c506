#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace ingress::proxy::http {

struct Header {
    std::string_view name;  // as received
    std::string_view value; // OWS trimmed
};

enum class ParseStatus { Complete, Incomplete, Error };

// Outcome of parsing a message head: Error carries the status to answer with (400, 414, 431,
// 501, 505) and a short reason for the log.
struct ParseOutcome {
    ParseStatus status = ParseStatus::Incomplete;
    int errorStatus = 0;
    const char *reason = "";

    static ParseOutcome incomplete() { return {}; }
    static ParseOutcome complete() { return {ParseStatus::Complete, 0, ""}; }
    static ParseOutcome error(int status, const char *why) {
        return {ParseStatus::Error, status, why};
    }
};

struct HeaderLimits {
    std::size_t maxBytes = 32 * 1024; // header section, request line excluded
    std::size_t maxCount = 100;
};

// Parses field lines "name: value CRLF" starting at `begin` up to the empty line, strictly
// (RFC 9112 section 5): tchar names with no whitespace before the colon, no obsolete line
// folding, no bare CR or LF, no NUL or other control bytes in values. On Complete, `*end` is the
// offset just past the empty line. Views point into `buffer`.
ParseOutcome parseHeaderBlock(std::string_view buffer, std::size_t begin,
                              const HeaderLimits &limits, std::vector<Header> *headers,
                              std::size_t *end);

// Finds the CRLF-terminated line starting at `begin`. Returns the offset of its CR, npos when
// no LF has arrived yet, or npos-1 when the line holds a bare CR or LF.
inline constexpr std::size_t badLine = std::string_view::npos - 1;
std::size_t findLineEnd(std::string_view buffer, std::size_t begin);

} // namespace ingress::proxy::http
