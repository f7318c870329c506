#pragma once

#include <cstdint>

namespace ingress::proxy {

// Raises this process's soft limit on open descriptors to its hard limit, once, and returns
// the limit then in force. Every connection takes a descriptor, two when it is proxied; the
// soft limit most sessions start with (1024) is there for programs that still use select(),
// which this one does not (epoll, Qt's poll), while the hard limit is what the administrator
// allows. HAProxy raises it the same way. Safe to call from any thread.
std::uint64_t raiseDescriptorLimit();

} // namespace ingress::proxy
