#pragma once

#include "proxy/metrics/requestrecord.h"
#include "proxy/workertables.h"

#include <cstdint>
#include <QByteArray>
#include <vector>

namespace ingress::proxy {

class MirrorRequest;
class Worker;

// A worker's mirrored requests in flight. Bounded: at most ProxySettings::maxMirrorsInFlight at
// once, and a request whose body is over ProxySettings::maxMirrorBody is not mirrored, so a
// slow or stalled mirror service costs a bounded amount of memory and descriptors and never
// queues; what does not fit is dropped and counted (ingress_mirror_requests_total). Only the
// worker's thread touches it.
class MirrorSet {
public:
    explicit MirrorSet(Worker &worker) : m_worker(worker) {}
    ~MirrorSet();
    MirrorSet(const MirrorSet &) = delete;
    MirrorSet &operator=(const MirrorSet &) = delete;

    // A copy of a request for mirror `tag.mirror` of its route, sent to `service`; null when
    // dropped (counted) or when it failed at once (counted). `declaredBody`: the request's
    // Content-Length, 0 for none or chunked (counted as it streams).
    MirrorRequest *start(const WorkerTablesPtr &tables, const CompiledService &service,
                         const MirrorRecord &tag, const QByteArray &head, bool headRequest,
                         std::uint64_t declaredBody, std::uint64_t clientHash);
    // From a MirrorRequest that is done: counts it and deletes it later.
    void finished(MirrorRequest *mirror, const MirrorRecord &record);
    void sweep(std::int64_t nowMs); // deadlines
    void clear();                   // worker shutdown: ends every copy now
    int inFlight() const { return int(m_inFlight.size()); }

private:
    void count(const MirrorRecord &record);

    Worker &m_worker;
    std::vector<MirrorRequest *> m_inFlight;
};

} // namespace ingress::proxy
