#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTest>
#include <sys/stat.h>

// Runs the openssl command line tool: an independent implementation to check our output
// against. Returns stdout+stderr; `exitCode` gets the status (-1 when it did not run).
inline QString runOpenssl(const QStringList &args, int *exitCode,
                          const QByteArray &stdinData = {}) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), args);
    if (!process.waitForStarted(10000)) {
        *exitCode = -1;
        return QStringLiteral("openssl did not start");
    }
    if (!stdinData.isEmpty())
        process.write(stdinData);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        *exitCode = -1;
        return QStringLiteral("openssl timed out");
    }
    *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return QString::fromLocal8Bit(process.readAll());
}

// The file's POSIX mode bits (0600, ...); -1 when it cannot be read. QFile::permissions()
// adds the "User" bits for the caller, which hides what others may do.
inline int fileMode(const QString &path) {
    struct stat st {};
    if (::stat(path.toLocal8Bit().constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}
