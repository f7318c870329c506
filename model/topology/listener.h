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
    QStringList trustedProxies = {}; // after src: older {name, bind, protocol, src} initialisers
    // Every connection starts with a PROXY protocol header (v1 or v2) from the load balancer in
    // front, whose source address is the client's (then trustedProxies applies to
    // X-Forwarded-For from there). A connection without one is closed.
    bool proxyProtocol = false;

    friend bool operator==(const Listener &, const Listener &) = default;
};

} // namespace ingress
