#pragma once

#include "export/exporter.h"
#include "export/exportpolicy.h"

#include <optional>
#include <QList>
#include <QString>
#include <yaml-cpp/yaml.h>

namespace ingress::traefik {

// One middleware a policy needs: its name suffix ("-rate") and its specification.
struct PolicyMiddleware {
    QString suffix;
    YAML::Node spec;
};

// The middlewares of a route's policy on `listener`, in the engine's order: inFlightReq,
// rateLimit, ipAllowList, basicAuth, forwardAuth. What Traefik cannot say is reported.
QList<PolicyMiddleware> policyMiddlewares(const Topology &topology,
                                          const exportpolicy::RoutePolicy &policy,
                                          const Listener &listener, QList<ExportWarning> &warnings);
// The headers middleware for a route's CORS and security headers (nullopt: none), to come
// first: Traefik answers preflights in it, before the checks, as the engine does.
std::optional<PolicyMiddleware> browserMiddleware(const exportpolicy::RoutePolicy &policy,
                                                  QList<ExportWarning> &warnings);
// The entry point's forwardedHeaders.trustedIPs for a listener's trusted proxies, as a comment
// line of the static configuration ("" when it has none).
QString entryPointForwardedHeaders(const Listener &listener);

} // namespace ingress::traefik
