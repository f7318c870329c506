#include "model/items/topologydocument.h"

#include "model/certs/certificatereader.h"
#include "model/certs/htpasswdfile.h"
#include "model/validation/validator.h"
#include "model/yaml/topologyloader.h"
#include "model/yaml/topologywriter.h"

#include <algorithm>
#include <memory>
#include <QFileInfo>
#include <QPromise>
#include <QThreadPool>
#include <QUndoStack>

namespace ingress {

TopologyDocument::TopologyDocument(QObject *parent)
    : QObject(parent), m_undoStack(new QUndoStack(this)) {
    // Long enough to coalesce keystrokes, short enough to feel live.
    m_validationTimer.setInterval(300);
    m_validationTimer.setSingleShot(true);
    connect(&m_validationTimer, &QTimer::timeout, this, &TopologyDocument::validateInBackground);
    connect(&m_validation, &QFutureWatcher<Diagnostics>::finished, this, [this] {
        if (m_validatingGeneration != m_generation || m_validation.future().resultCount() == 0)
            return; // stale: the timer is running again for the newer state
        applyDiagnostics(m_validation.result());
    });
    connect(m_undoStack, &QUndoStack::cleanChanged, this, [this](bool clean) {
        if (!m_forcedModified)
            Q_EMIT modifiedChanged(!clean);
    });
}

TopologyDocument::~TopologyDocument() = default;

QString TopologyDocument::displayName() const {
    if (m_filePath.isEmpty())
        return tr("Untitled");
    return QFileInfo(m_filePath).fileName();
}

bool TopologyDocument::isModified() const {
    return m_forcedModified || !m_undoStack->isClean();
}

void TopologyDocument::setModified(bool modified) {
    const bool was = isModified();
    m_forcedModified = modified;
    if (!modified)
        m_undoStack->setClean();
    if (was != isModified())
        Q_EMIT modifiedChanged(isModified());
}

void TopologyDocument::reset(const Topology &topology, const QString &filePath,
                             const Diagnostics &loadDiagnostics) {
    const bool wasModified = isModified();
    Q_EMIT aboutToReset();
    m_topology = topology;
    m_topology.origin.filePath = filePath;
    m_loadDiagnostics = loadDiagnostics;
    m_environmentDiagnostics.clear(); // about the old document; checked again for the new one
    m_forcedModified = false;
    m_undoStack->clear();
    m_undoStack->setClean();
    Q_EMIT wasReset();
    if (m_filePath != filePath) {
        m_filePath = filePath;
        Q_EMIT filePathChanged(m_filePath);
    }
    if (wasModified)
        Q_EMIT modifiedChanged(false);
    Q_EMIT contentChanged();
    validateNow();
}

bool TopologyDocument::load(const QString &path, Diagnostics *diagnostics) {
    LoadResult result = TopologyLoader::loadFile(path);
    if (diagnostics)
        *diagnostics = result.diagnostics;
    if (!result.ok())
        return false;
    reset(*result.topology, QFileInfo(path).absoluteFilePath(), result.diagnostics);
    return true;
}

bool TopologyDocument::save(const QString &path, QString *error) {
    if (!TopologyWriter::saveFile(m_topology, path, error))
        return false;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_topology.origin.filePath = absolute;
    if (m_filePath != absolute) {
        m_filePath = absolute;
        Q_EMIT filePathChanged(m_filePath);
        // Relative paths in it now resolve against another folder: the problems may differ.
        m_validationTimer.start();
    }
    setModified(false);
    return true;
}

namespace {

// The GUI reads the certificate files it validates (validation itself opens none).
ValidationContext validationContext() {
    ValidationContext context;
    context.readCertificateFiles = readCertificateFiles;
    context.checkHtpasswdFile = [](const QString &path) { return HtpasswdFile::read(path).error; };
    return context;
}

} // namespace

void TopologyDocument::validateNow() {
    m_validationTimer.stop();
    ++m_generation; // a background run still going answers for an older state
    applyDiagnostics(Validator::validate(m_topology, validationContext()));
}

void TopologyDocument::validateInBackground() {
    m_validatingGeneration = m_generation;
    auto promise = std::make_shared<QPromise<Diagnostics>>();
    m_validation.setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise, topology = m_topology] {
        promise->start();
        promise->addResult(Validator::validate(topology, validationContext()));
        promise->finish();
    });
}

void TopologyDocument::applyDiagnostics(const Diagnostics &found) {
    m_found = found;
    m_diagnostics = m_loadDiagnostics + m_found + m_environmentDiagnostics;
    Q_EMIT diagnosticsChanged();
}

void TopologyDocument::setEnvironmentDiagnostics(const Diagnostics &diagnostics) {
    if (diagnostics == m_environmentDiagnostics)
        return;
    m_environmentDiagnostics = diagnostics;
    m_diagnostics = m_loadDiagnostics + m_found + m_environmentDiagnostics;
    Q_EMIT diagnosticsChanged();
}

bool TopologyDocument::contains(ItemRef ref) const {
    const auto inRange = [&](const auto &list) { return ref.row >= 0 && ref.row < list.size(); };
    switch (ref.kind) {
    case ItemKind::Listener:
        return inRange(m_topology.listeners);
    case ItemKind::Host:
        return inRange(m_topology.hosts);
    case ItemKind::Route:
        return ref.host >= 0 && ref.host < m_topology.hosts.size() &&
               inRange(m_topology.hosts.at(ref.host).routes);
    case ItemKind::Service:
        return inRange(m_topology.services);
    case ItemKind::Certificate:
        return inRange(m_topology.certificates);
    case ItemKind::None:
        break;
    }
    return false;
}

void TopologyDocument::setCanvasPosition(const QString &key, const QPointF &position) {
    m_topology.canvasPositions.insert(key, position.toPoint());
    Q_EMIT canvasPositionChanged(key);
}

void TopologyDocument::clearCanvasPosition(const QString &key) {
    if (m_topology.canvasPositions.remove(key))
        Q_EMIT canvasPositionChanged(key);
}

void TopologyDocument::setCanvasPositions(const CanvasPositions &positions) {
    m_topology.canvasPositions = positions;
    Q_EMIT canvasPositionChanged({});
}

void TopologyDocument::moveCanvasKey(const QString &from, const QString &to) {
    CanvasPositions &positions = m_topology.canvasPositions;
    if (from == to || positions.contains(to))
        return;
    const auto it = positions.constFind(from);
    if (it == positions.cend())
        return;
    const QPoint position = *it;
    positions.erase(it);
    positions.insert(to, position);
}

void TopologyDocument::followRename(ItemRef, const Listener &before, const Listener &after) {
    moveCanvasKey(canvaskey::listenerPrefix + before.name, canvaskey::listenerPrefix + after.name);
}

void TopologyDocument::followRename(ItemRef, const VirtualHost &before, const VirtualHost &after) {
    if (before.host == after.host)
        return;
    moveCanvasKey(canvaskey::hostPrefix + before.host, canvaskey::hostPrefix + after.host);
    // Route keys name their host too.
    for (qsizetype r = 0; r < std::min(before.routes.size(), after.routes.size()); ++r)
        moveCanvasKey(canvaskey::routePrefix +
                          canvaskey::routeName(before.host, before.routes.at(r).firstMatch().path),
                      canvaskey::routePrefix +
                          canvaskey::routeName(after.host, after.routes.at(r).firstMatch().path));
}

void TopologyDocument::followRename(ItemRef ref, const Route &before, const Route &after) {
    const QString &host = m_topology.hosts.at(ref.host).host;
    moveCanvasKey(canvaskey::routePrefix + canvaskey::routeName(host, before.firstMatch().path),
                  canvaskey::routePrefix + canvaskey::routeName(host, after.firstMatch().path));
}

void TopologyDocument::followRename(ItemRef, const Service &before, const Service &after) {
    moveCanvasKey(canvaskey::servicePrefix + before.name, canvaskey::servicePrefix + after.name);
}

void TopologyDocument::setDefaultService(const QString &service) {
    m_topology.defaultService = service;
    Q_EMIT documentPropertiesChanged();
    changed();
}

void TopologyDocument::setName(const QString &name) {
    m_topology.name = name;
    Q_EMIT documentPropertiesChanged();
    changed();
}

void TopologyDocument::changed() {
    ++m_generation;
    Q_EMIT contentChanged();
    m_validationTimer.start();
}

QString canvasKey(ItemKind kind, const QString &name) {
    switch (kind) {
    case ItemKind::Listener:
        return canvaskey::listenerPrefix + name;
    case ItemKind::Host:
        return canvaskey::hostPrefix + name;
    case ItemKind::Route:
        return canvaskey::routePrefix + name;
    case ItemKind::Service:
        return canvaskey::servicePrefix + name;
    case ItemKind::Certificate:
        return QLatin1String("certificate:") + name;
    case ItemKind::None:
        break;
    }
    return name;
}

} // namespace ingress
