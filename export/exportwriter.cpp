#include "export/exportwriter.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace ingress {

QList<ExportFile> ExportWriter::files(const ExportResult &result, const QString &folder,
                                      const QString &mainPath) {
    const QDir dir(folder);
    QList<ExportFile> out;
    out << ExportFile{mainPath.isEmpty() ? dir.filePath(result.mainFileName) : mainPath,
                      result.mainText, result.mainTextHasSecrets};
    for (auto it = result.files.cbegin(); it != result.files.cend(); ++it)
        out << ExportFile{dir.filePath(it.key()), it.value(), result.isSecret(it.key())};
    return out;
}

QStringList ExportWriter::existing(const QList<ExportFile> &files) {
    QStringList paths;
    for (const ExportFile &file : files)
        if (QFileInfo::exists(file.path))
            paths << file.path;
    return paths;
}

bool ExportWriter::write(const QList<ExportFile> &files, QString *error) {
    for (const ExportFile &file : files) {
        const QString path = QDir::toNativeSeparators(file.path);
        if (!QDir().mkpath(QFileInfo(file.path).absolutePath())) {
            *error = QStringLiteral("cannot create the folder of %1").arg(path);
            return false;
        }
        QSaveFile out(file.path);
        // A replaced file keeps its permissions by default; a secret must not keep 0644.
        out.setDirectWriteFallback(false);
        bool ok = out.open(QIODevice::WriteOnly);
        // Restricted before the first byte is written: the temporary file QSaveFile renames
        // into place is never readable by others.
        if (ok && file.secret)
            ok = out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        ok = ok && out.write(file.data) == file.data.size() && out.commit();
        if (!ok) {
            *error = QStringLiteral("cannot write %1: %2").arg(path, out.errorString());
            return false;
        }
    }
    return true;
}

} // namespace ingress
