#include "upstreampool.h"

#include <algorithm>

namespace ingress::proxy {

UpstreamPool::UpstreamPool(QObject *owner, int maxIdlePerEndpoint)
    : m_owner(owner), m_maxIdle(maxIdlePerEndpoint) {
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
        // Bytes while idle are a protocol error by the upstream; a closed one is stale.
        if (s->state() == QAbstractSocket::ConnectedState && s->bytesAvailable() == 0)
            return s;
        discard(s);
    }
    return nullptr;
}

UpstreamSocket *UpstreamPool::create(std::string_view key) {
    auto *s = new UpstreamSocket(m_owner);
    s->endpointKey.assign(key);
    return s;
}

void UpstreamPool::release(UpstreamSocket *socket, std::int64_t nowMs, std::int64_t idleLimitMs) {
    socket->setUser(nullptr);
    std::vector<UpstreamSocket *> &bucket = m_idle[socket->endpointKey];
    if (int(bucket.size()) >= m_maxIdle || socket->state() != QAbstractSocket::ConnectedState) {
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
            const bool dead = s->state() != QAbstractSocket::ConnectedState ||
                              s->bytesAvailable() > 0 || nowMs - s->idleSinceMs >= s->idleLimitMs;
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
    }
    m_idle.clear();
}

std::size_t UpstreamPool::idleCount() const {
    std::size_t n = 0;
    for (const auto &[key, bucket] : m_idle)
        n += bucket.size();
    return n;
}

} // namespace ingress::proxy
