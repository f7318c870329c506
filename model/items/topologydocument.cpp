#include "topologydocument.h"

#include "topologyloader.h"
#include "topologywriter.h"
#include "validator.h"

#include <QFileInfo>
#include <QUndoStack>

namespace ingress {

TopologyDocument::TopologyDocument(QObject *parent)
    : QObject(parent), m_undoStack(new QUndoStack(this)) {
    // Long enough to coalesce keystrokes, short enough to feel live.
    m_validationTimer.setInterval(300);
    m_validationTimer.setSingleShot(true);
    connect(&m_validationTimer, &QTimer::timeout, this, &TopologyDocument::validateNow);
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
    m_canvasPositions.clear();
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
    }
    setModified(false);
    return true;
}

void TopologyDocument::validateNow() {
    m_validationTimer.stop();
    m_diagnostics = m_loadDiagnostics;
    m_diagnostics += Validator::validate(m_topology);
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
    m_canvasPositions.insert(key, position);
    Q_EMIT canvasPositionChanged(key);
}

void TopologyDocument::clearCanvasPosition(const QString &key) {
    if (m_canvasPositions.remove(key))
        Q_EMIT canvasPositionChanged(key);
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
    Q_EMIT contentChanged();
    m_validationTimer.start();
}

QString canvasKey(ItemKind kind, const QString &name) {
    switch (kind) {
    case ItemKind::Listener:
        return QLatin1String("listener:") + name;
    case ItemKind::Host:
        return QLatin1String("host:") + name;
    case ItemKind::Route:
        return QLatin1String("route:") + name;
    case ItemKind::Service:
        return QLatin1String("service:") + name;
    case ItemKind::Certificate:
        return QLatin1String("certificate:") + name;
    case ItemKind::None:
        break;
    }
    return name;
}

} // namespace ingress
