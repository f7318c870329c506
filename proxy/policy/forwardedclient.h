#pragma once

#include "model/routing/ipblock.h"
#include "proxy/http/requestparser.h"

#include <optional>
#include <string_view>
#include <vector>

namespace ingress::proxy {

// The client a trusted proxy names: walking X-Forwarded-For from the right (the hop nearest
// this proxy), the first address that is not itself a trusted proxy, as nginx's realip module
// with `real_ip_recursive on` takes it. When every entry is trusted, the leftmost. Nullopt when
// the header is absent or its nearest entry is not an address: then the peer stays the client.
// Call it only for a peer inside `trusted`; anyone else could write any X-Forwarded-For.
struct ForwardedClient {
    std::string_view text; // points into the request head
    IpBytes address{};
};
std::optional<ForwardedClient> forwardedClient(const http::RequestHead &head,
                                               const std::vector<IpBlock> &trusted);

} // namespace ingress::proxy
