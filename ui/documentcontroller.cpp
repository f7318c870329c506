#include "ui/documentcontroller.h"

#include "export/kubernetesimporter.h"
#include "model/items/documenteditor.h"
#include "model/items/topologydocument.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace ingress::ui {

namespace {
const QString recentFilesKey = QStringLiteral("recentFiles");
}

DocumentController::DocumentController(TopologyDocument *document, DocumentPrompter prompter,
                                       QObject *parent)
    : QObject(parent), m_document(document), m_prompter(std::move(prompter)) {
}

bool DocumentController::newDocument() {
    if (!maybeSave())
        return false;
    Topology empty;
    empty.name = tr("untitled");
    m_document->reset(empty);
    return true;
}

bool DocumentController::open(const QString &path) {
    if (!maybeSave())
        return false;
    const QString chosen = path.isEmpty() ? m_prompter.openPath() : path;
    if (chosen.isEmpty())
        return false;
    return openWithoutAsking(chosen);
}

bool DocumentController::openWithoutAsking(const QString &path) {
    Diagnostics diagnostics;
    if (!m_document->load(path, &diagnostics)) {
        QStringList lines;
        for (const Diagnostic &d : std::as_const(diagnostics))
            if (d.severity == Severity::Error)
                lines << d.toString();
        if (lines.size() > 12) {
            const qsizetype more = lines.size() - 12;
            lines = lines.mid(0, 12);
            lines << tr("... and %n more", nullptr, int(more));
        }
        m_prompter.showError(tr("Cannot open %1").arg(QDir::toNativeSeparators(path)),
                             lines.isEmpty() ? tr("The file could not be read.")
                                             : lines.join(u'\n'));
        return false;
    }
    addRecentFile(m_document->filePath());
    Q_EMIT opened(m_document->filePath());
    return true;
}

bool DocumentController::importKubernetes(const QStringList &paths) {
    if (!maybeSave())
        return false;
    const ImportResult result = KubernetesImporter::importFiles(paths);
    if (!result.ok()) {
        QStringList lines;
        for (const Diagnostic &d : result.diagnostics)
            if (d.severity == Severity::Error && lines.size() < 12)
                lines << d.toString();
        m_prompter.showError(tr("Cannot import the manifests"), lines.join(u'\n'));
        return false;
    }
    Topology topology = result.topology;
    if (topology.name.isEmpty())
        topology.name = tr("imported");
    m_document->reset(topology, QString(), result.diagnostics);
    // Not saved anywhere yet: closing must ask.
    m_document->setModified(true);
    if (!result.files.isEmpty())
        saveImportedFiles(result);
    return true;
}

void DocumentController::saveImportedFiles(const ImportResult &result) {
    // The topology names the certificates, keys and htpasswd files of the Secrets relative to
    // its own folder, so it needs one now; otherwise they would be lost with the import.
    const QString name = m_document->topology().name;
    QString path = m_prompter.savePath(QDir::home().filePath(name + QStringLiteral(".yaml")));
    if (path.isEmpty()) {
        m_prompter.showError(tr("Files from Secrets not written"),
                             tr("The manifests hold %n file(s) from Secrets (certificates, keys, "
                                "htpasswd files) that the topology names; import again and "
                                "choose where to save it to keep them.",
                                nullptr, int(result.files.size())));
        return;
    }
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".yaml");
    QString error;
    if (!result.writeFiles(QFileInfo(path).absolutePath(), &error) ||
        !m_document->save(path, &error)) {
        m_prompter.showError(tr("Cannot save the imported topology"), error);
        return;
    }
    addRecentFile(path);
}

bool DocumentController::save() {
    if (m_document->filePath().isEmpty())
        return saveAs();
    QString error;
    if (!m_document->save(m_document->filePath(), &error)) {
        m_prompter.showError(tr("Cannot save %1").arg(m_document->displayName()), error);
        return false;
    }
    addRecentFile(m_document->filePath());
    return true;
}

bool DocumentController::saveAs() {
    QString suggestion = m_document->filePath();
    if (suggestion.isEmpty()) {
        const QString name = m_document->topology().name;
        suggestion = QDir::home().filePath((name.isEmpty() ? QStringLiteral("topology") : name) +
                                           QStringLiteral(".yaml"));
    }
    QString path = m_prompter.savePath(suggestion);
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".yaml");
    // Relative file paths (certificates, keys, htpasswd files) must still find their files from
    // the new folder.
    DocumentEditor(m_document).rebaseFilePaths(path);
    QString error;
    if (!m_document->save(path, &error)) {
        m_prompter.showError(tr("Cannot save %1").arg(QDir::toNativeSeparators(path)), error);
        return false;
    }
    addRecentFile(m_document->filePath());
    return true;
}

bool DocumentController::maybeSave() {
    if (!m_document->isModified())
        return true;
    switch (m_prompter.askToSave(m_document->displayName())) {
    case QMessageBox::Save:
        return save();
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

QStringList DocumentController::recentFiles() const {
    return QSettings().value(recentFilesKey).toStringList();
}

void DocumentController::clearRecentFiles() {
    QSettings().remove(recentFilesKey);
    Q_EMIT recentFilesChanged();
}

void DocumentController::addRecentFile(const QString &path) {
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > maxRecentFiles)
        files.removeLast();
    QSettings().setValue(recentFilesKey, files);
    Q_EMIT recentFilesChanged();
}

} // namespace ingress::ui
