#pragma once

#include "model/topology/sourcelocation.h"

#include <QString>
#include <QStringList>

namespace ingress {

enum class Protocol { Http, Https };

// An address the ingress accepts connections on. `bind` is kept as written ("127.0.0.1:8080",
// "[::1]:8443", ":80"); validation checks it and `parseBind` splits it.
struct Listener {
    QString name;
    QString bind;
    Protocol protocol = Protocol::Http;
    SourceMap src;
    // CIDR blocks of proxies in front of this listener (a cloud load balancer, a CDN): for a
    // connection from one of them the client address is the last X-Forwarded-For entry that
    // is not itself a trusted proxy, as nginx's real_ip_recursive takes it. Empty: the
    // connection's peer is the client and X-Forwarded-For is only passed on.
    QStringList trustedProxies = {}; // last: older {name, bind, protocol, src} initialisers

    friend bool operator==(const Listener &, const Listener &) = default;
};

} // namespace ingress
