#pragma once

#include "model/topology/diagnostic.h"
#include "model/topology/topology.h"

#include <QByteArray>
#include <QMap>
#include <QString>

namespace ingress {

// What an import of Kubernetes manifests made: the topology, what could not be carried over,
// and the files the topology names relative to its own folder (certificates, keys and htpasswd
// files from Secrets).
struct ImportResult {
    Topology topology;
    Diagnostics diagnostics;         // errors, warnings (dropped features), notes (skipped)
    QMap<QString, QByteArray> files; // certificate, key and htpasswd files from Secrets, by path
    bool ok() const { return !hasErrors(diagnostics); }

    // Writes `files` into the folder the topology is saved in, each atomically and readable by
    // its owner only (keys and password hashes among them). False, with `error` saying which,
    // when one cannot be written.
    bool writeFiles(const QString &folder, QString *error) const;
};

} // namespace ingress
