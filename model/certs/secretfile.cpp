#include "model/certs/secretfile.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace ingress::certs {

namespace {

bool writeFile(const QString &path, const QByteArray &data, QFileDevice::Permissions mode,
               QString *error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    // Set the mode on the still-empty temporary file: the secret is written only after.
    if (!file.setPermissions(mode)) {
        file.cancelWriting();
        *error = QStringLiteral("%1: cannot set file permissions").arg(path);
        return false;
    }
    if (file.write(data) != data.size() || !file.commit()) {
        *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    // QSaveFile may carry over the mode of a file it replaces; make sure of the final mode.
    if (QFile::permissions(path) != mode && !QFile::setPermissions(path, mode)) {
        *error = QStringLiteral("%1: cannot set file permissions").arg(path);
        return false;
    }
    return true;
}

} // namespace

bool writeSecretFile(const QString &path, const QByteArray &data, QString *error) {
    return writeFile(path, data, QFileDevice::ReadOwner | QFileDevice::WriteOwner, error);
}

bool writePublicFile(const QString &path, const QByteArray &data, QString *error) {
    return writeFile(path, data,
                     QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                         QFileDevice::ReadOther,
                     error);
}

bool readSmallFile(const QString &path, QByteArray *data, QString *error, qint64 maxSize) {
    const QFileInfo info(path);
    if (!info.exists()) {
        *error = QStringLiteral("%1: no such file").arg(path);
        return false;
    }
    if (!info.isFile()) {
        *error = QStringLiteral("%1: not a regular file").arg(path);
        return false;
    }
    if (info.size() > maxSize) {
        *error = QStringLiteral("%1: file too large (%2 bytes, at most %3 expected)")
                     .arg(path)
                     .arg(info.size())
                     .arg(maxSize);
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return false;
    }
    *data = file.read(maxSize + 1);
    return true;
}

} // namespace ingress::certs
