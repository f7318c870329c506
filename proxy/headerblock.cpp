#include "headerblock.h"

#include "httpchars.h"

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

ParseOutcome parseHeaderBlock(std::string_view buffer, std::size_t begin,
                              const HeaderLimits &limits, std::vector<Header> *headers,
                              std::size_t *end) {
    headers->clear();
    std::size_t pos = begin;
    for (;;) {
        const std::size_t cr = findLineEnd(buffer, pos);
        if (cr == badLine)
            return ParseOutcome::error(400, "bare CR or LF in a header line");
        if (cr == std::string_view::npos) {
            if (buffer.size() - begin > limits.maxBytes)
                return ParseOutcome::error(431, "header section too large");
            // A partial line can already be known bad; reject early rather than wait.
            if (pos < buffer.size() && (buffer[pos] == ' ' || buffer[pos] == '\t'))
                return ParseOutcome::error(400, "obsolete line folding");
            return ParseOutcome::incomplete();
        }
        if (cr + 2 - begin > limits.maxBytes)
            return ParseOutcome::error(431, "header section too large");
        const std::string_view line = buffer.substr(pos, cr - pos);
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
        for (char c : value) {
            if (!isFieldValueChar(c))
                return ParseOutcome::error(400, "control character in a header value");
        }
        if (headers->size() >= limits.maxCount)
            return ParseOutcome::error(431, "too many header fields");
        headers->push_back({line.substr(0, colon), trimOws(value)});
    }
}

} // namespace ingress::proxy::http
