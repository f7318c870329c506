#pragma once

#include "model/topology/sourcelocation.h"

#include <QString>

namespace ingress::kubeimport {

// The authentication service an Ingress's auth-url asks. It is a service of the topology, which
// may come from a Service read after the Ingress (or be a route of the same host, for
// `http://$host/...`), so the routes' externalAuth names `key` until every file is read; then
// kubernetesexternalauth.h finds or creates the service and puts its final name in place.
struct ExternalAuthRequest {
    QString key; // the stand-in ExternalAuth::service of the routes, unique per request
    QString url; // the annotation's value, for messages
    // The Kubernetes Service the URL's host names (<svc>.<ns>.svc[.cluster.local], a bare
    // <svc> in the Ingress's namespace, or <svc>.<ns> when the input has that Service).
    QString service;
    QString nameSpace;
    bool clusterName = false; // the host is certainly a Service's name (.svc or no dot)
    QString host;             // as written, the endpoint of a service made for it
    int port = 80;
    bool explicitPort = false;
    // The host is an nginx variable ($host, $http_host): the request's own host, that is the
    // route of the same host that serves `path`.
    bool requestHost = false;
    QString path; // the URL's path, for requestHost
    QString file;
    SourceLocation where; // the annotation's value
    // Set once every file is read: the position in Topology::services of the service the
    // routes (those left, for requestHost) ask.
    qsizetype serviceIndex = -1;
};

} // namespace ingress::kubeimport
