#pragma once

#include "export/kubernetesimportsession.h"
#include "model/topology/policy.h"
#include "model/topology/route.h"
#include "model/topology/stickysession.h"

#include <optional>
#include <QMap>
#include <QString>

namespace ingress::kubeimport {

// What the ingress-nginx (and the few HAProxy and F5 NGINX Ingress Controller) annotations of one
// Ingress say, in the topology's terms (docs/exporters.md, "ingress-nginx annotations"). Reading
// them reports each one it cannot translate at its place, with the reason, and counts both kinds.
struct IngressAnnotations {
    bool useRegex = false;
    QString rewriteTarget;
    std::optional<bool> sslRedirect;
    bool forceSslRedirect = false;
    // Every path of the Ingress answers with this redirect (permanent- / temporal-redirect).
    std::optional<Redirect> redirect;
    // Every path of the Ingress answers with this instead (a snippet's `return 403;`).
    std::optional<DirectResponse> respond;
    QString appRoot;                   // "/" redirects here (302)
    std::optional<qint64> maxBodySize; // proxy-body-size; 0: no limit
    std::optional<Duration> timeout;   // proxy-read-timeout / proxy-send-timeout (the longer)
    // A canary Ingress (canary: "true") takes requests of the main Ingress's host and path: by
    // header, then cookie, then weight.
    bool canary = false;
    QString canaryHeader, canaryHeaderValue, canaryHeaderPattern, canaryCookie;
    std::optional<int> canaryWeight;
    int canaryWeightTotal = 100;
    // Access lists, basic auth and limits (ingressnginxpolicy.h), external auth
    // (ingressnginxexternalauth.h), CORS (ingressnginxcors.h) and
    // F5's HSTS (nginxorgannotations.h), for the Ingress's routes.
    Policy policy;
    // Cookie affinity (ingressnginxaffinity.h) for the services the Ingress sends to; src.node is
    // the annotation that asks for it.
    std::optional<StickySession> stickySession;
    // F5's routing annotations (nginxorgrouting.h). The annotation that asks for the HTTPS
    // redirect, for messages: force-ssl-redirect or nginx.org/redirect-to-https.
    QString forceSslRedirectBy = QStringLiteral("force-ssl-redirect");
    HeaderFilter requestHeaders, responseHeaders; // of every route of the Ingress
    QMap<QString, QString> rewritePrefixes;       // service -> rewritePrefix of its routes
    std::optional<PathType> pathType;             // path-regex: every path is Regex or Exact
    bool caseInsensitive = false;                 // its Regex paths start with (?i)

    // `spec` tells which services the Ingress sends to (nginx.org/rewrites names them).
    static IngressAnnotations read(ImportSession &session, const YAML::Node &metadata,
                                   const YAML::Node &spec);
};

} // namespace ingress::kubeimport
