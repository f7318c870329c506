#include "ui/proxy/proxycontroller.h"

#include "model/certs/certificatereader.h"
#include "model/certs/htpasswdfile.h"
#include "model/items/topologydocument.h"
#include "model/topology/diagnostic.h"
#include "model/validation/validator.h"
#include "proxy/proxyengine.h"
#include "proxy/serve/servepreparation.h"
#include "ui/certificates/certificateoperations.h"

namespace ingress::ui {

namespace {
// The part of a document that serving depends on: dragging canvas nodes changes nothing.
Topology servedPart(Topology topology) {
    topology.canvasPositions.clear();
    return topology;
}
} // namespace

ProxyController::ProxyController(TopologyDocument *document, QObject *parent)
    : QObject(parent), m_document(document) {
    qRegisterMetaType<ingress::proxy::AccessLogEntry>();
    qRegisterMetaType<QList<ingress::proxy::AccessLogEntry>>();
    m_poll.setInterval(1000);
    connect(&m_poll, &QTimer::timeout, this, &ProxyController::pollNow);
    m_thread.setObjectName(QStringLiteral("proxy-engine"));
    m_thread.start();
    proxy::ProxySettings settings;
    settings.collectAccessLog = true;
    settings.captureRequestHeaders = true; // the request details show them
    settings.workers = 2;
    m_engine = new proxy::ProxyEngine(settings);
    m_engine->moveToThread(&m_thread);
    connect(m_engine, &proxy::ProxyEngine::requestsLogged, this, &ProxyController::requestsLogged,
            Qt::QueuedConnection);
    connect(
        m_engine, &proxy::ProxyEngine::listenerFailed, this,
        [this](const QString &listener, const QString &error) {
            Q_EMIT problem(tr("Listener %1: %2").arg(listener, error));
        },
        Qt::QueuedConnection);
    connect(document, &TopologyDocument::contentChanged, this, &ProxyController::compareWithServed);
}

ProxyController::~ProxyController() {
    proxy::ProxyEngine *engine = m_engine;
    QMetaObject::invokeMethod(
        engine,
        [engine] {
            if (engine->isRunning())
                engine->stop(Duration(500));
            delete engine;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

quint16 ProxyController::port(const QString &listener) const {
    if (!isRunning())
        return 0;
    quint16 result = 0;
    proxy::ProxyEngine *engine = m_engine;
    QMetaObject::invokeMethod(
        engine, [&] { result = engine->port(listener); }, Qt::BlockingQueuedConnection);
    return result;
}

proxy::MetricsSnapshot ProxyController::metricsSnapshot() const {
    // The registry sums per-worker atomics; reading it from here is what it is built for.
    return isRunning() ? m_engine->metricsSnapshot() : proxy::MetricsSnapshot{};
}

bool ProxyController::start() {
    return compileAnd(false);
}

bool ProxyController::reload() {
    return isRunning() && compileAnd(true);
}

bool ProxyController::compileAnd(bool reload) {
    m_errors.clear();
    const Topology topology = m_document->topology();
    ValidationContext context;
    context.readCertificateFiles = readCertificateFiles;
    context.checkHtpasswdFile = [](const QString &path) { return HtpasswdFile::read(path).error; };
    // Prepared here, on the GUI thread that owns the keychain connection.
    const proxy::ServePreparation prepared =
        proxy::ServePreparation::prepare(topology, context, CertificateOperations::lastCaFolder());
    if (!prepared.ok()) {
        for (const Diagnostic &d : prepared.diagnostics())
            if (d.severity == Severity::Error)
                m_errors << d.message;
        // The first line stands alone (the status bar shows only it); the rest lists them all.
        Q_EMIT problem(tr("Not served: the topology has %n error(s), listed under Problems. "
                          "The first: %1",
                          nullptr, int(m_errors.size()))
                           .arg(m_errors.constFirst()) +
                       u'\n' + m_errors.join(u'\n'));
        return false;
    }
    bool ok = false;
    QStringList errors;
    QStringList addresses;
    proxy::ProxyEngine *engine = m_engine;
    QMetaObject::invokeMethod(
        engine,
        [&] {
            ok = prepared.applyTo(*engine, reload, &errors);
            for (const proxy::ListeningAddress &a : engine->listeningAddresses())
                addresses << QStringLiteral("%1 \u2192 %2").arg(a.listener, a.toString());
        },
        Qt::BlockingQueuedConnection);
    m_errors = prepared.tlsProblems() + errors;
    m_addresses = addresses;
    if (!m_errors.isEmpty())
        Q_EMIT problem(m_errors.join(u'\n'));
    if (ok) {
        m_served = servedPart(topology);
        setOutdated(false);
    }
    if (ok && !reload)
        setState(State::Running);
    else if (ok)
        Q_EMIT stateChanged(m_state); // addresses may have changed
    return ok;
}

void ProxyController::compareWithServed() {
    if (m_state == State::Running)
        setOutdated(!(servedPart(m_document->topology()) == m_served));
}

void ProxyController::setOutdated(bool outdated) {
    if (outdated == m_outdated)
        return;
    m_outdated = outdated;
    Q_EMIT servedDesignChanged(outdated);
}

void ProxyController::stop() {
    if (m_state != State::Running)
        return;
    setState(State::Stopping);
    proxy::ProxyEngine *engine = m_engine;
    // Draining takes up to a second: done on the engine thread, the GUI stays responsive.
    QMetaObject::invokeMethod(engine, [this, engine] {
        engine->stop(Duration(1000));
        QMetaObject::invokeMethod(this, [this] {
            m_addresses.clear();
            m_served = {};
            setOutdated(false);
            setState(State::Stopped);
        });
    });
}

void ProxyController::pollNow() {
    if (!isRunning())
        return;
    m_previousSample = std::move(m_lastSample);
    m_lastSample = std::make_shared<const proxy::MetricsSnapshot>(metricsSnapshot());
    Q_EMIT metricsSampled();
}

void ProxyController::setState(State state) {
    if (state == m_state)
        return;
    m_state = state;
    if (state == State::Running) {
        m_previousSample.reset();
        m_lastSample.reset();
        m_poll.start();
    } else {
        m_poll.stop();
    }
    Q_EMIT stateChanged(state);
    if (state == State::Running)
        pollNow(); // the first sample: rates start with the next one
}

} // namespace ingress::ui
