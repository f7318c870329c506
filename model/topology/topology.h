#pragma once

#include "model/topology/canvaspositions.h"
#include "model/topology/certificate.h"
#include "model/topology/listener.h"
#include "model/topology/service.h"
#include "model/topology/sourcelocation.h"
#include "model/topology/virtualhost.h"

#include <QList>
#include <QString>

namespace ingress {

// The document: everything a user designs, as written in a topology file
// (docs/topology-format.md). A plain value: copy it, compare it, hand it to other threads.
struct Topology {
    static inline const QString currentApiVersion = QStringLiteral("ingress-studio/v1");
    static inline const QString kindName = QStringLiteral("Topology");

    QString apiVersion = currentApiVersion;
    QString name;
    QList<Listener> listeners;
    QList<Service> services;
    QList<Certificate> certificates;
    QList<VirtualHost> hosts;
    QString defaultService;
    // Nodes the user moved on the canvas; layout only (see canvaspositions.h).
    CanvasPositions canvasPositions;

    // The file this document was read from or last saved to; relative paths (certificates)
    // resolve against its folder. Not part of the document's value.
    struct Origin {
        QString filePath;
        friend bool operator==(const Origin &, const Origin &) { return true; }
    } origin;
    SourceMap src;

    const Service *findService(const QString &serviceName) const;
    const Certificate *findCertificate(const QString &certificateName) const;
    const Listener *findListener(const QString &listenerName) const;
    // Resolves a path written in the document (e.g. a certificate file) against its folder.
    QString resolvePath(const QString &path) const;
    // `path` as a topology saved at `newFilePath` names the same file: a relative path stays
    // relative (to the new file's folder), an absolute one stays as it is.
    QString rebasedPath(const QString &path, const QString &newFilePath) const;

    friend bool operator==(const Topology &, const Topology &) = default;
};

} // namespace ingress
