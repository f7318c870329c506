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

// htpasswd files for the policy tests, fixed hashes of the password "secret": `users`
// (alice SHA-512-crypt, bob bcrypt) and `mixed` (those, carol Apache MD5, dave {SHA}).
struct PolicyFiles {
    QString users, mixed;
};
inline PolicyFiles writePolicyFiles(const QString &dir) {
    const QByteArray alice =
        "alice:$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZ"
        "N.Pq.H91p5hVO1\n";
    const QByteArray bob = "bob:$2y$04$iqBH3T8D1Pj/OK/8Rz8WWekPX0HUTmPx4.0opPrnzge.82NsAyrBi\n";
    const QByteArray others = "carol:$apr1$Cp49yL1B$BMUkJs581j/1QRkcoRNW71\n"
                              "dave:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n";
    PolicyFiles files{dir + QStringLiteral("/users.htpasswd"),
                      dir + QStringLiteral("/mixed.htpasswd")};
    auto write = [](const QString &path, const QByteArray &data) {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
    };
    if (!write(files.users, alice + bob) || !write(files.mixed, alice + bob + others))
        return {};
    return files;
}

} // namespace ingress::testing
