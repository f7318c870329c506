#pragma once

#include "proxy/upstreamsocket.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ingress::proxy {

// Idle keep-alive upstream connections of one worker, per endpoint ("host:port"). Only the
// owning worker thread touches it, so no lock. Most recently used first, so surplus
// connections age out. Sockets carry no user while idle; an idle socket that turns readable
// (a close by the upstream, or junk) closes itself and is dropped on take() or sweep().
class UpstreamPool {
public:
    // New sockets are children of `owner`, watched by `reactor`.
    UpstreamPool(IoReactor &reactor, QObject *owner, int maxIdlePerEndpoint);
    ~UpstreamPool();

    // An idle connection to `key` that still looks alive, or null.
    UpstreamSocket *take(std::string_view key);
    // A new, unconnected socket for `key`.
    UpstreamSocket *create(std::string_view key);
    // Back to the pool after a complete exchange; closes it when the bucket is full.
    void release(UpstreamSocket *socket, std::int64_t nowMs, std::int64_t idleLimitMs);
    // Closes a socket that cannot be reused.
    static void discard(UpstreamSocket *socket);
    // Closes idle connections past their limit or closed by the upstream.
    void sweep(std::int64_t nowMs);
    void clear();
    std::size_t idleCount() const;

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    IoReactor &m_reactor;
    QObject *m_owner;
    int m_maxIdle;
    std::unordered_map<std::string, std::vector<UpstreamSocket *>, Hash, std::equal_to<>> m_idle;
};

} // namespace ingress::proxy
