#pragma once

// The bundled example for tests that need its files on disk: examples/shop.yaml with its
// certificate, the private key in a file beside it (certs/bar-com.key) instead of the keychain.

#include <QDir>
#include <QFile>
#include <QString>

namespace ingress::testing {

// Writes FOLDER/shop.yaml and FOLDER/certs/bar-com.{crt,key}; returns the project file's path,
// or an empty string when something could not be written.
inline QString copyExampleWithKeyFile(const QString &folder) {
    const QString source = QStringLiteral(INGRESS_SOURCE_DIR "/examples/");
    const QDir dir(folder);
    if (!dir.mkpath(QStringLiteral("certs")))
        return {};
    for (const QString &name : {QStringLiteral("bar-com.crt"), QStringLiteral("bar-com.key")})
        if (!QFile::copy(source + QStringLiteral("certs/") + name,
                         dir.filePath(QStringLiteral("certs/") + name)))
            return {};
    QFile example(source + QStringLiteral("shop.yaml"));
    QFile project(dir.filePath(QStringLiteral("shop.yaml")));
    if (!example.open(QIODevice::ReadOnly) || !project.open(QIODevice::WriteOnly))
        return {};
    QByteArray yaml = example.readAll();
    if (!yaml.contains("privateKey: keychain"))
        return {};
    yaml.replace("privateKey: keychain", "privateKey: certs/bar-com.key");
    return project.write(yaml) == yaml.size() ? project.fileName() : QString();
}

} // namespace ingress::testing
