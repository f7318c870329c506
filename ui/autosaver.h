#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

namespace ingress {
class TopologyDocument;
}

namespace ingress::ui {

// Writes unsaved changes to QStandardPaths::AppDataLocation every few seconds, so that a crash
// loses at most that much; the next start offers to recover them. A clean document (saved or
// discarded) removes the autosave.
class Autosaver : public QObject {
    Q_OBJECT
public:
    explicit Autosaver(TopologyDocument *document, QObject *parent = nullptr);

    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }
    // Folder the autosave lives in (tests point it at a temporary folder).
    void setDirectory(const QString &directory) { m_directory = directory; }

    bool autosaveNow();
    void discard();
    bool hasRecoverable() const;
    // The file the recovered text came from (empty for an untitled document).
    QString recoverableOrigin() const;
    // Loads the autosave into the document, marked modified. False if it is unreadable.
    bool recover(QString *error = nullptr);

private:
    QString dataPath() const;
    QString originPath() const;

    TopologyDocument *m_document;
    QString m_directory;
    QTimer m_timer;
};

} // namespace ingress::ui
