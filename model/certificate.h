#pragma once

#include "sourcelocation.h"

#include <QString>

namespace ingress {

// A TLS certificate the ingress presents. Paths are relative to the topology file. The private
// key is never in the project file: either "keychain" (the OS keychain, one entry per
// certificate name) or the path of a key file.
struct Certificate {
    static inline const QString keychain = QStringLiteral("keychain");

    QString name;
    QString certificate;
    QString privateKey = keychain;
    SourceMap src;

    bool keyInKeychain() const { return privateKey == keychain; }
    friend bool operator==(const Certificate &, const Certificate &) = default;
};

} // namespace ingress
