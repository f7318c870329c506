#include "export/importresult.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace ingress {

bool ImportResult::writeFiles(const QString &folder, QString *error) const {
    const QDir dir(folder);
    for (auto it = files.begin(); it != files.end(); ++it) {
        const QString path = dir.filePath(it.key());
        QDir().mkpath(QFileInfo(path).absolutePath());
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) ||
            !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
            file.write(it.value()) != it.value().size() || !file.commit()) {
            if (error)
                *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
            return false;
        }
    }
    return true;
}

} // namespace ingress
