#pragma once

// Running the real target tools (nginx, haproxy, caddy) on an export, for the exporter tests.

#include "export/exporter.h"
#include "tests/common/peertools.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QTest>

namespace ingress::testing {

// Writes the main text and every file of `result` under `dir`.
inline bool writeExport(const ExportResult &result, const QString &dir) {
    QDir().mkpath(dir);
    auto write = [&](const QString &name, const QByteArray &data) {
        const QString path = dir + u'/' + name;
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
    };
    if (!write(result.mainFileName, result.mainText))
        return false;
    for (auto it = result.files.begin(); it != result.files.end(); ++it)
        if (!write(it.key(), it.value()))
            return false;
    return true;
}

struct ToolRun {
    int exitCode = -1;
    QString output;
};

// Runs a tool to completion, bounded in time; output is stdout and stderr together.
inline ToolRun runTool(const QString &program, const QStringList &args,
                       const QString &workingDirectory = {}, int timeoutMs = 30000) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(program, args);
    ToolRun run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        run.output = QStringLiteral("timed out: ") + QString::fromUtf8(process.readAll());
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.output = QString::fromUtf8(process.readAll());
    return run;
}

// Checks that the main text of `result` holds `expected`; shows the whole text when not.
inline void verifyMainTextContains(const ExportResult &result, const QString &expected) {
    const QString text = QString::fromUtf8(result.mainText);
    QVERIFY2(text.contains(expected), qPrintable(text));
}

inline bool hasWarning(const ExportResult &result, const QString &part) {
    for (const ExportWarning &warning : result.warnings)
        if (warning.toString().contains(part))
            return true;
    return false;
}

} // namespace ingress::testing
