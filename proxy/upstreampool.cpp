#include "proxy/upstreampool.h"

#include <algorithm>

namespace ingress::proxy {

UpstreamPool::UpstreamPool(IoReactor &reactor, QObject *owner, int maxIdlePerEndpoint)
    : m_reactor(reactor), m_owner(owner), m_maxIdle(maxIdlePerEndpoint) {
}

UpstreamPool::~UpstreamPool() {
    clear();
}

UpstreamSocket *UpstreamPool::take(std::string_view key) {
    const auto it = m_idle.find(key);
    if (it == m_idle.end())
        return nullptr;
    std::vector<UpstreamSocket *> &bucket = it->second;
    while (!bucket.empty()) {
        UpstreamSocket *s = bucket.back();
        bucket.pop_back();
        // Bytes or a close while idle made the socket close itself (UpstreamSocket::ioReadable).
        if (s->isConnected())
            return s;
        discard(s);
    }
    return nullptr;
}

UpstreamSocket *UpstreamPool::create(std::string_view key) {
    auto *s = new UpstreamSocket(m_reactor, m_owner);
    // Buckets are never erased (clear() only empties them) and map nodes do not move, so the
    // socket can keep its bucket: release() then needs no hash lookup.
    auto it = m_idle.find(key);
    if (it == m_idle.end())
        it = m_idle.emplace(std::string(key), std::vector<UpstreamSocket *>{}).first;
    s->poolBucket = &it->second;
    return s;
}

void UpstreamPool::release(UpstreamSocket *socket, std::int64_t nowMs, std::int64_t idleLimitMs) {
    socket->setUser(nullptr);
    std::vector<UpstreamSocket *> &bucket = *socket->poolBucket;
    if (int(bucket.size()) >= m_maxIdle || !socket->isConnected()) {
        discard(socket);
        return;
    }
    socket->idleSinceMs = nowMs;
    socket->idleLimitMs = idleLimitMs;
    bucket.push_back(socket);
}

void UpstreamPool::discard(UpstreamSocket *socket) {
    socket->setUser(nullptr);
    socket->abort();
    socket->deleteLater();
}

void UpstreamPool::sweep(std::int64_t nowMs) {
    for (auto &[key, bucket] : m_idle) {
        std::erase_if(bucket, [nowMs](UpstreamSocket *s) {
            const bool dead = !s->isConnected() || nowMs - s->idleSinceMs >= s->idleLimitMs;
            if (dead)
                discard(s);
            return dead;
        });
    }
}

void UpstreamPool::clear() {
    for (auto &[key, bucket] : m_idle) {
        for (UpstreamSocket *s : bucket)
            discard(s);
        bucket.clear(); // the bucket stays: sockets in use point to it
    }
}

std::size_t UpstreamPool::idleCount() const {
    std::size_t n = 0;
    for (const auto &[key, bucket] : m_idle)
        n += bucket.size();
    return n;
}

} // namespace ingress::proxy
