#pragma once

#include "ui/documentprompter.h"

#include <QObject>
#include <QStringList>

namespace ingress {
class TopologyDocument;
struct ImportResult;
} // namespace ingress

namespace ingress::ui {

// File > New / Open / Save / Save As and the unsaved-changes question; remembers recent files
// in QSettings. Never loses the user's work: a failed open leaves the document as it was, a
// failed save keeps it modified, and closing asks first.
class DocumentController : public QObject {
    Q_OBJECT
public:
    static constexpr int maxRecentFiles = 10;

    DocumentController(TopologyDocument *document, DocumentPrompter prompter,
                       QObject *parent = nullptr);

    void setPrompter(DocumentPrompter prompter) { m_prompter = std::move(prompter); }
    const DocumentPrompter &prompter() const { return m_prompter; }

    // Each returns false when the user cancelled or the operation failed.
    bool newDocument();
    bool open(const QString &path = {});
    bool save();
    bool saveAs();
    // Kubernetes manifests -> a new, untitled topology (asks about unsaved changes first).
    // Importer findings go to the Problems dock; errors stop the import. Files from Secrets
    // (certificates, keys, htpasswd files) are written beside the topology, saved where the
    // user says.
    bool importKubernetes(const QStringList &paths);
    // Asks about unsaved changes; true when it is fine to throw the document away.
    bool maybeSave();

    QStringList recentFiles() const;
    void clearRecentFiles();

Q_SIGNALS:
    void recentFilesChanged();
    void opened(const QString &path);

private:
    bool openWithoutAsking(const QString &path);
    void addRecentFile(const QString &path);
    void saveImportedFiles(const ImportResult &result);

    TopologyDocument *m_document;
    DocumentPrompter m_prompter;
};

} // namespace ingress::ui
