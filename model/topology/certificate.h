#pragma once

#include "model/topology/sourcelocation.h"

#include <QString>

namespace ingress {

// A TLS certificate the ingress presents. Paths are relative to the topology file. The private
// key is never in the project file: either "keychain" (the OS keychain, one entry per
// certificate name) or the path of a key file. A certificate the cluster holds names its
// Kubernetes Secret and has no local files: exports reference the Secret, and serving on the
// desktop presents one issued for its hosts from the local development CA.
struct Certificate {
    static inline const QString keychain = QStringLiteral("keychain");

    QString name;
    QString certificate;
    QString privateKey = keychain;
    SourceMap src;
    // Last, so that {name, certificate, privateKey, src} initialisers keep their meaning.
    QString secret; // "NAME" or "NAMESPACE/NAME" of a kubernetes.io/tls Secret; empty: none

    // Only the Secret, no files: the cluster holds the certificate and its key.
    bool inCluster() const { return certificate.isEmpty() && !secret.isEmpty(); }
    bool keyInKeychain() const { return privateKey == keychain && !inCluster(); }
    // The Secret exports refer to: `secret` when given, else one named like the certificate.
    QString secretName() const { return secret.isEmpty() ? name : secret.section(u'/', -1); }
    QString secretNamespace() const {
        return secret.contains(u'/') ? secret.section(u'/', 0, 0) : QString();
    }
    friend bool operator==(const Certificate &, const Certificate &) = default;
};

} // namespace ingress
