#include "proxy/http/responseparser.h"

#include "proxy/http/httpchars.h"

namespace ingress::proxy::http {

ParseOutcome parseResponseHead(std::string_view buffer, bool requestWasHead,
                               const HeaderLimits &limits, ResponseHead *head) {
    const std::size_t cr = findLineEnd(buffer, 0);
    if (cr == badLine)
        return ParseOutcome::error(502, "bare CR or LF in the status line");
    if (cr == std::string_view::npos) {
        if (buffer.size() > 8192 || (buffer.size() >= 5 && !buffer.starts_with("HTTP/")))
            return ParseOutcome::error(502, "malformed status line");
        return ParseOutcome::incomplete();
    }
    const std::string_view line = buffer.substr(0, cr);
    // "HTTP/1.1 200 OK": version, SP, three digits, SP, optional reason.
    if (line.size() < 12 || !line.starts_with("HTTP/1.") || (line[7] != '0' && line[7] != '1') ||
        line[8] != ' ' || line[9] < '1' || line[9] > '5' || line[10] < '0' || line[10] > '9' ||
        line[11] < '0' || line[11] > '9' || (line.size() > 12 && line[12] != ' '))
        return ParseOutcome::error(502, "malformed status line");
    head->versionMinor = line[7] - '0';
    head->status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    head->reason = line.size() > 13 ? line.substr(13) : std::string_view();
    for (char c : head->reason) {
        if (!isFieldValueChar(c))
            return ParseOutcome::error(502, "control character in the reason phrase");
    }
    std::size_t end = 0;
    ParseOutcome block = parseHeaderBlock(buffer, cr + 2, limits, &head->headers, &end);
    if (block.status == ParseStatus::Error)
        return ParseOutcome::error(502, block.reason);
    if (block.status == ParseStatus::Incomplete)
        return block;
    head->headSize = end;

    bool haveLength = false;
    bool chunked = false;
    bool otherCoding = false;
    bool close = false;
    bool keepAlive = false;
    head->contentLength = 0;
    for (const Header &h : head->headers) {
        if (equalsIgnoreCase(h.name, "content-length")) {
            std::uint64_t length = 0;
            if (!parseDecimal(h.value, &length) || (haveLength && length != head->contentLength))
                return ParseOutcome::error(502, "invalid Content-Length from the upstream");
            haveLength = true;
            head->contentLength = length;
        } else if (equalsIgnoreCase(h.name, "transfer-encoding")) {
            // Only a final "chunked" delimits the body; other codings run until close.
            std::string_view v = h.value;
            const std::size_t comma = v.rfind(',');
            const std::string_view last = trimOws(comma == v.npos ? v : v.substr(comma + 1));
            chunked = equalsIgnoreCase(last, "chunked");
            otherCoding = !chunked;
        } else if (equalsIgnoreCase(h.name, "connection")) {
            close |= listContains(h.value, "close");
            keepAlive |= listContains(h.value, "keep-alive");
        }
    }
    head->keepAlive = head->versionMinor == 1 ? !close : keepAlive;
    if (requestWasHead || head->status < 200 || head->status == 204 || head->status == 304) {
        head->body = BodyFramer::Mode::None;
    } else if (chunked || otherCoding) {
        if (haveLength)
            return ParseOutcome::error(
                502, "both Content-Length and Transfer-Encoding from the upstream");
        head->body = chunked ? BodyFramer::Mode::Chunked : BodyFramer::Mode::UntilClose;
    } else if (haveLength) {
        head->body = head->contentLength ? BodyFramer::Mode::Length : BodyFramer::Mode::None;
    } else {
        head->body = BodyFramer::Mode::UntilClose;
    }
    if (head->body == BodyFramer::Mode::UntilClose)
        head->keepAlive = false;
    return ParseOutcome::complete();
}

} // namespace ingress::proxy::http
