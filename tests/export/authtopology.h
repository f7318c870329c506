#pragma once

// The external auth topology of the exporter tests (docs/topology-format.md, "External auth").

#include "model/topology/topology.h"
#include "tests/common/topologybuilders.h"

#include <QString>

namespace ingress::testing {

// Host auth.test asks service "auth" (`authPort`) at /check for every request, copies
// X-Auth-User and sends a 401 to a sign-in page; its /api route asks at /verify?scope=api
// instead, copies two fields and has no sign-in page; /old redirects (without asking); POST
// /app/admin is a route of its own (narrowed by method). Host open.test asks nothing. Service
// "app" listens on `appPort`.
inline Topology externalAuthTopology(int httpPort, int appPort, int authPort) {
    Topology t;
    t.name = QStringLiteral("external auth");
    t.listeners << Listener{
        QStringLiteral("http"), QStringLiteral("127.0.0.1:%1").arg(httpPort), Protocol::Http, {}};
    t.services << service(QStringLiteral("app"), {QStringLiteral("127.0.0.1:%1").arg(appPort)});
    t.services << service(QStringLiteral("auth"), {QStringLiteral("127.0.0.1:%1").arg(authPort)});
    Route api = route(QStringLiteral("/api"), PathType::Prefix, QStringLiteral("app"));
    api.policy.externalAuth =
        ExternalAuth{QStringLiteral("auth"),
                     QStringLiteral("/verify?scope=api"),
                     {QStringLiteral("X-Auth-User"), QStringLiteral("X-Auth-Email")},
                     {},
                     {}};
    Route moved = route(QStringLiteral("/old"), PathType::Prefix, QString());
    moved.redirect = Redirect{};
    moved.redirect->path = QStringLiteral("/new");
    // Narrowed by method: nginx answers it in an `if` of the /app/admin/ location.
    Route adminPost = route(QStringLiteral("/app/admin"), PathType::Prefix, QStringLiteral("app"));
    adminPost.firstMatch().methods = {QStringLiteral("POST")};
    t.hosts << host(QStringLiteral("auth.test"),
                    {route(QStringLiteral("/app"), PathType::Prefix, QStringLiteral("app")), api,
                     moved, route(QStringLiteral("/"), PathType::Prefix, QStringLiteral("app")),
                     adminPost});
    t.hosts.last().policy.externalAuth =
        ExternalAuth{QStringLiteral("auth"),
                     QStringLiteral("/check"),
                     {QStringLiteral("X-Auth-User")},
                     QStringLiteral("https://login.example.com/start"),
                     {}};
    t.hosts << host(QStringLiteral("open.test"),
                    {route(QStringLiteral("/"), PathType::Prefix, QStringLiteral("app"))});
    return t;
}

} // namespace ingress::testing
