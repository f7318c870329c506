// Copies of a route's requests to its mirror services (CompiledRoute::mirrors).
#include "proxy/proxyconnection.h"
#include "proxy/worker.h"

namespace ingress::proxy {

void ProxyConnection::startMirrors(const CompiledRoute &route, std::uint64_t ticket) {
    // A WebSocket upgrade becomes a tunnel, which has no copy to make.
    if (m_websocket)
        return;
    // The head as sent upstream, asking the mirror service to close after answering: copies
    // use connections of their own (MirrorRequest).
    QByteArray head;
    const auto &services = m_tables->table().services();
    for (std::size_t i = 0; i < route.mirrors.size(); ++i) {
        const CompiledMirror &mirror = route.mirrors[i];
        if (!mirror.takes(ticket))
            continue;
        if (head.isEmpty()) {
            head = m_upHead;
            head.chop(2); // the empty line
            head += "Connection: close\r\n\r\n";
        }
        const MirrorRecord tag{m_hostIndex, m_routeIndex, int(i), MirrorOutcome::Dropped};
        MirrorRequest *copy = m_worker->mirrors().start(
            m_tables, services[std::size_t(mirror.service)], tag, head, m_requestIsHead,
            m_request.body == http::BodyKind::Length ? m_request.contentLength : 0,
            m_requestClient.hash);
        if (!copy)
            continue;
        copy->feedBody(m_in.constData() + m_inStart, std::size_t(m_pendingBody));
        m_mirrors.emplace_back(copy);
    }
    if (m_requestBody.done())
        m_mirrors.clear(); // the copies have everything
}

void ProxyConnection::feedMirrors(const char *data, std::size_t size) {
    for (const QPointer<MirrorRequest> &copy : m_mirrors)
        if (copy)
            copy->feedBody(data, size);
    if (m_requestBody.done())
        m_mirrors.clear();
}

void ProxyConnection::releaseMirrors() {
    // Only copies still waiting for body bytes are here: the request ended without them.
    for (const QPointer<MirrorRequest> &copy : m_mirrors)
        if (copy)
            copy->abandon();
    m_mirrors.clear();
}

} // namespace ingress::proxy
