#pragma once

#include "export/importresult.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace ingress {

// Reads Kubernetes manifests (multi-document YAML, block or flow style): Ingress v1 (v1beta1
// with a note), Service, kubernetes.io/tls Secret (and the Secret of basic auth), IngressClass.
// Several Ingresses merge into one topology; everything that cannot be carried over is reported
// with file:line:column.
class KubernetesImporter {
public:
    // SERVICE or NAMESPACE/SERVICE -> "host:port": endpoints to bind services to for local
    // testing (--endpoint).
    using EndpointBindings = QList<QPair<QString, QString>>;

    void addData(const QByteArray &yaml, const QString &fileName);
    bool addFile(const QString &path); // false: unreadable (reported)
    ImportResult finish(const EndpointBindings &endpoints = {});

    static ImportResult importFiles(const QStringList &paths,
                                    const EndpointBindings &endpoints = {});

private:
    struct Input {
        QByteArray yaml;
        QString fileName;
    };
    QList<Input> m_inputs;
    Diagnostics m_readErrors;
};

} // namespace ingress
