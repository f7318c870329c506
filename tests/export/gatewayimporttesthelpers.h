#pragma once

// What the Gateway API import tests (tst_gatewayimport, tst_gatewayimportroundtrip) share: the
// test data, an importer for inline manifests, and views of the result for comparisons.

#include "export/kubernetesimporter.h"
#include "model/yaml/topologywriter.h"
#include "tests/common/diagnosticstext.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace ingress::gatewayimporttest {

inline QString dataFile(const QString &name) {
    return QStringLiteral(INGRESS_TEST_DATA "/gateway/") + name;
}

inline ImportResult importText(const QByteArray &yaml,
                               const KubernetesImporter::EndpointBindings &bindings = {}) {
    KubernetesImporter importer;
    importer.addData(yaml, QStringLiteral("inline.yaml"));
    return importer.finish(bindings);
}

using testing::dump;

// A route as the topology file writes it: readable in a failed comparison.
inline QString routeYaml(const Route &route) {
    Topology topology;
    VirtualHost host;
    host.host = QStringLiteral("h");
    host.routes << route;
    topology.hosts << host;
    return QString::fromUtf8(TopologyWriter::toYaml(topology));
}

const VirtualHost *findHost(const Topology &topology, const QString &name,
                            const QString &listener = {}) {
    for (const VirtualHost &host : topology.hosts)
        if (host.host == name && (listener.isEmpty() || host.listeners.contains(listener)))
            return &host;
    return nullptr;
}

// "NAME@LISTENER" for every host, in topology order.
inline QStringList hostsOnListeners(const Topology &topology) {
    QStringList result;
    for (const VirtualHost &host : topology.hosts)
        result << QStringLiteral("%1@%2").arg(host.host, host.listeners.join(u','));
    return result;
}

inline const QByteArray gatewayAndWeb = R"(
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: gw}
spec:
  listeners:
  - {name: a, port: 8080, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
  - {name: b, port: 8081, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
  - {name: c, port: 8082, protocol: HTTP}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: gw}
spec: {ports: [{port: 80}]}
)";

inline Route routeTo(const QString &service, const QString &path = QStringLiteral("/"),
                     PathType type = PathType::Prefix) {
    Route r;
    r.firstMatch().path = path;
    r.firstMatch().pathType = type;
    r.service = service;
    return r;
}

} // namespace ingress::gatewayimporttest
