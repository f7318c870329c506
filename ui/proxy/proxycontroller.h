#pragma once

#include "model/topology/topology.h"
#include "proxy/accesslogentry.h"
#include "proxy/metrics/metricssnapshot.h"

#include <memory>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QThread>
#include <QTimer>

namespace ingress {
class TopologyDocument;
}

namespace ingress::proxy {
class ProxyEngine;
}

namespace ingress::ui {

// The one object widgets talk to about the embedded proxy (design notes, 7). The engine lives
// on its own thread (accepting there, serving on its worker pool), never the GUI thread; this
// adapter compiles the document into a RoutingTable, starts / reloads / stops the engine,
// relays its batched access-log signal, and while running pulls one metrics snapshot per poll
// interval for every view that shows them (the charts, the canvas): one pull, no signal per
// request.
class ProxyController : public QObject {
    Q_OBJECT
public:
    enum class State { Stopped, Running, Stopping };

    explicit ProxyController(TopologyDocument *document, QObject *parent = nullptr);
    ~ProxyController() override;

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }
    // "web -> 127.0.0.1:8080" style strings while running.
    QStringList listeningAddresses() const { return m_addresses; }
    // Ports actually bound, by listener name (tests bind port 0).
    quint16 port(const QString &listener) const;
    proxy::MetricsSnapshot metricsSnapshot() const;

    using SnapshotPtr = std::shared_ptr<const proxy::MetricsSnapshot>;
    // The last two samples of the poll (null before there are two); shared, so that views
    // keep them for later look-ups without copying tens of thousands of counters.
    SnapshotPtr lastSample() const { return m_lastSample; }
    SnapshotPtr previousSample() const { return m_previousSample; }
    void setPollInterval(int milliseconds) { m_poll.setInterval(milliseconds); }
    int pollInterval() const { return m_poll.interval(); }
    QStringList lastErrors() const { return m_errors; }
    // True while the proxy serves a design the document has since moved away from (edits after
    // the last start or reload; canvas moves do not count).
    bool isServingOlderDesign() const { return m_outdated; }

public Q_SLOTS:
    bool start();
    bool reload();
    void stop();
    // Takes a sample now (and emits metricsSampled) when running.
    void pollNow();

Q_SIGNALS:
    void stateChanged(ingress::ui::ProxyController::State state);
    void requestsLogged(const QList<ingress::proxy::AccessLogEntry> &entries);
    void problem(const QString &message);
    void servedDesignChanged(bool outdated);
    // A new lastSample() (and previousSample()) is there.
    void metricsSampled();

private:
    bool compileAnd(bool reload);
    void setState(State state);
    void setOutdated(bool outdated);
    void compareWithServed();

    TopologyDocument *m_document;
    QThread m_thread;
    proxy::ProxyEngine *m_engine = nullptr;
    State m_state = State::Stopped;
    QStringList m_addresses;
    QStringList m_errors;
    Topology m_served; // what the engine serves, without canvas positions
    bool m_outdated = false;
    QTimer m_poll;
    SnapshotPtr m_lastSample;
    SnapshotPtr m_previousSample;
};

} // namespace ingress::ui
