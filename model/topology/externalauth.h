#pragma once

#include "model/topology/sourcelocation.h"

#include <QString>
#include <QStringList>

namespace ingress {

// Forward authentication (ingress-nginx `auth-url`, nginx `auth_request`, Traefik `forwardAuth`,
// Caddy `forward_auth`): before a request goes on, a GET for `path` to `service`, carrying the
// request's headers and where it was going (X-Forwarded-Method/-Proto/-Host/-Uri,
// X-Original-URL/-Method), decides. A 2xx answer lets the request through with the answer's
// `responseHeaders` copied onto it; any other answer is returned to the client as it came,
// except a 401 when `signIn` is set, which becomes a redirect there (docs/topology-format.md,
// "External auth").
struct ExternalAuth {
    QString service; // a service of the topology: the authentication server
    QString path = QStringLiteral("/");
    QStringList responseHeaders; // copied from a 2xx answer onto the request
    // Where a 401 sends browsers instead (an absolute URL or a path), with the request's URL in
    // the query parameter `rd`, as ingress-nginx's `auth-signin` does; empty: the 401 as it came.
    QString signIn;
    SourceMap src;
    friend bool operator==(const ExternalAuth &, const ExternalAuth &) = default;
};

} // namespace ingress
