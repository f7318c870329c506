#include "proxy/policy/forwardedclient.h"

#include "proxy/http/httpchars.h"

namespace ingress::proxy {

namespace {

bool isTrusted(const IpBytes &address, const std::vector<IpBlock> &trusted) {
    for (const IpBlock &block : trusted)
        if (block.contains(address))
            return true;
    return false;
}

} // namespace

std::optional<ForwardedClient> forwardedClient(const http::RequestHead &head,
                                               const std::vector<IpBlock> &trusted) {
    std::optional<ForwardedClient> found;
    // Several X-Forwarded-For lines are one list in order (RFC 9110 5.3): walk the last line
    // first, each from its right end.
    for (auto line = head.headers.rbegin(); line != head.headers.rend(); ++line) {
        if (!http::equalsIgnoreCase(line->name, "x-forwarded-for"))
            continue;
        std::string_view rest = line->value;
        while (!rest.empty()) {
            const std::size_t comma = rest.rfind(',');
            const std::string_view entry =
                http::trimOws(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
            if (entry.empty())
                continue;
            const std::optional<IpBytes> address = IpBlock::parseAddress(entry);
            if (!address)
                return found; // garbage before it: the last good hop is all that is known
            found = ForwardedClient{entry, *address};
            if (!isTrusted(*address, trusted))
                return found;
        }
    }
    return found;
}

} // namespace ingress::proxy
