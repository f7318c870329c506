#pragma once

#include "export/exporter.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace ingress {

// One file of an export as it goes to disk.
struct ExportFile {
    QString path; // absolute, or as the caller named it
    QByteArray data;
    bool secret = false; // private keys or Secret data: 0600
};

// Writing an export, the same for the CLI and the GUI: each file atomically (QSaveFile, so an
// interrupted export leaves the old file), and what holds private keys or Secret data readable
// by its owner alone (0600) from the moment it exists, whatever the umask.
class ExportWriter {
public:
    // The files of `result` in `folder` (the main text as its mainFileName), or with
    // `mainPath` set, the main text there instead.
    static QList<ExportFile> files(const ExportResult &result, const QString &folder,
                                   const QString &mainPath = {});
    // Those of `files` that exist already: what an overwrite prompt lists.
    static QStringList existing(const QList<ExportFile> &files);
    // Writes every file, creating folders; stops at the first that fails, saying which and why.
    static bool write(const QList<ExportFile> &files, QString *error);
};

} // namespace ingress
