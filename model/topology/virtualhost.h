#pragma once

#include "model/topology/policy.h"
#include "model/topology/route.h"
#include "model/topology/sourcelocation.h"

#include <optional>
#include <QList>
#include <QString>
#include <QStringList>

namespace ingress {

// Name-based virtual host: an exact DNS name, a wildcard "*.example.com" that covers exactly
// one label, or "*" for every other host. Routes are kept in file order; precedence is decided by
// the RoutingTable.
struct VirtualHost {
    QString host;
    QString tls;                     // certificate name; empty: no TLS
    QStringList listeners;           // empty: every listener
    std::optional<bool> sslRedirect; // unset: redirect HTTP to HTTPS when `tls` is set
    QList<Route> routes;
    Policy policy; // for every route, which may replace parts of it
    SourceMap src;

    bool isWildcard() const { return host.startsWith(QLatin1String("*.")); }
    // "*": every host name no exact or wildcard host takes (an Ingress rule without `host`, a
    // Gateway API route without hostnames).
    bool isCatchAll() const { return host.trimmed() == u'*'; }
    bool redirectsToHttps() const { return !tls.isEmpty() && sslRedirect.value_or(true); }
    friend bool operator==(const VirtualHost &, const VirtualHost &) = default;
};

} // namespace ingress
