#pragma once

#include <QByteArray>
#include <QString>

namespace ingress::certs {

// Writes `data` to `path` atomically (a temporary file renamed over the target) with mode
// 0600 from the first byte, so a private key is never readable by others, not even briefly,
// and a crash never leaves half a key behind.
bool writeSecretFile(const QString &path, const QByteArray &data, QString *error);

// The same for public material (certificates), mode 0644.
bool writePublicFile(const QString &path, const QByteArray &data, QString *error);

// Reads a small file (at most `maxSize` bytes) with a clear error for missing, unreadable
// or oversized files.
bool readSmallFile(const QString &path, QByteArray *data, QString *error,
                   qint64 maxSize = 1024 * 1024);

} // namespace ingress::certs
