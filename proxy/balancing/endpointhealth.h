#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace ingress::proxy {

// One endpoint's active-health verdict changing, as sent across threads to the engine's
// controller and the GUI (HealthChecker::healthChanged).
struct EndpointHealth {
    QString service;
    QString address; // "host:port" as in the document
    bool healthy = true;
    QString detail; // why: "HTTP 200", "HTTP 500", "timed out after 1000 ms", a socket error

    friend bool operator==(const EndpointHealth &, const EndpointHealth &) = default;
};

} // namespace ingress::proxy

Q_DECLARE_METATYPE(ingress::proxy::EndpointHealth)
