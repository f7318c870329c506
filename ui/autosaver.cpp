#include "ui/autosaver.h"

#include "model/items/topologydocument.h"
#include "model/yaml/topologyloader.h"
#include "model/yaml/topologywriter.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

namespace ingress::ui {

Autosaver::Autosaver(TopologyDocument *document, QObject *parent)
    : QObject(parent), m_document(document),
      m_directory(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)) {
    m_timer.setInterval(30 * 1000);
    connect(&m_timer, &QTimer::timeout, this, &Autosaver::autosaveNow);
    m_timer.start();
    connect(document, &TopologyDocument::modifiedChanged, this, [this](bool modified) {
        if (!modified)
            discard();
    });
}

QString Autosaver::dataPath() const {
    return QDir(m_directory).filePath(QStringLiteral("autosave.yaml"));
}

QString Autosaver::originPath() const {
    return QDir(m_directory).filePath(QStringLiteral("autosave.origin"));
}

bool Autosaver::autosaveNow() {
    if (!m_document->isModified())
        return false;
    QDir().mkpath(m_directory);
    QSaveFile data(dataPath());
    if (!data.open(QIODevice::WriteOnly))
        return false;
    data.write(TopologyWriter::toYaml(m_document->topology()));
    QSaveFile origin(originPath());
    if (!origin.open(QIODevice::WriteOnly))
        return false;
    origin.write(m_document->filePath().toUtf8());
    return origin.commit() && data.commit();
}

void Autosaver::discard() {
    QFile::remove(dataPath());
    QFile::remove(originPath());
}

bool Autosaver::hasRecoverable() const {
    return QFile::exists(dataPath());
}

QString Autosaver::recoverableOrigin() const {
    QFile origin(originPath());
    if (!origin.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(origin.readAll());
}

bool Autosaver::recover(QString *error) {
    QFile data(dataPath());
    if (!data.open(QIODevice::ReadOnly)) {
        if (error)
            *error = data.errorString();
        return false;
    }
    const QString origin = recoverableOrigin();
    LoadResult result = TopologyLoader::loadData(data.readAll(), origin);
    if (!result.ok()) {
        if (error && !result.diagnostics.isEmpty())
            *error = result.diagnostics.constFirst().toString();
        return false;
    }
    m_document->reset(*result.topology, origin);
    m_document->setModified(true);
    return true;
}

} // namespace ingress::ui
