#include "proxy/mirrorset.h"

#include "proxy/metrics/workermetrics.h"
#include "proxy/mirrorrequest.h"
#include "proxy/worker.h"

#include <algorithm>

namespace ingress::proxy {

MirrorSet::~MirrorSet() {
    clear();
}

MirrorRequest *MirrorSet::start(const WorkerTablesPtr &tables, const CompiledService &service,
                                const MirrorRecord &tag, const QByteArray &head, bool headRequest,
                                std::uint64_t declaredBody, std::uint64_t clientHash) {
    const ProxySettings &settings = m_worker.settings();
    if (declaredBody > settings.maxMirrorBody || inFlight() >= settings.maxMirrorsInFlight) {
        MirrorRecord dropped = tag;
        dropped.outcome = MirrorOutcome::Dropped;
        count(dropped);
        return nullptr;
    }
    auto *mirror = new MirrorRequest(*this, m_worker, tables, service, tag, headRequest);
    m_inFlight.push_back(mirror);
    mirror->start(head, clientHash);
    return mirror->finished() ? nullptr : mirror;
}

void MirrorSet::finished(MirrorRequest *mirror, const MirrorRecord &record) {
    count(record);
    const auto it = std::find(m_inFlight.begin(), m_inFlight.end(), mirror);
    if (it == m_inFlight.end())
        return;
    *it = m_inFlight.back();
    m_inFlight.pop_back();
    // Often from inside the mirror's own socket callback.
    mirror->deleteLater();
}

void MirrorSet::count(const MirrorRecord &record) {
    if (WorkerMetrics *metrics = m_worker.metrics())
        metrics->recordMirror(record);
}

void MirrorSet::sweep(std::int64_t nowMs) {
    // Copy: a copy past its deadline removes itself.
    const std::vector<MirrorRequest *> mirrors = m_inFlight;
    for (MirrorRequest *mirror : mirrors)
        mirror->checkDeadline(nowMs);
}

void MirrorSet::clear() {
    // Not counted: the worker is going away, and with it its metrics' reader.
    const std::vector<MirrorRequest *> mirrors = std::exchange(m_inFlight, {});
    for (MirrorRequest *mirror : mirrors)
        delete mirror;
}

} // namespace ingress::proxy
