#pragma once

#include "model/topology/duration.h"
#include "model/topology/sourcelocation.h"

#include <optional>
#include <QString>

namespace ingress {

// Cookie affinity: a client's first request is balanced as usual and the answer sets `cookie`
// to a token naming the endpoint; later requests carrying it go to that endpoint while it is
// healthy, and are balanced again (and given a new cookie) once it is ejected or removed.
struct StickySession {
    QString cookie = QStringLiteral("INGRESSCOOKIE"); // ingress-nginx's default name
    std::optional<Duration> ttl; // unset: a session cookie, dropped when the browser closes
    SourceMap src;
    friend bool operator==(const StickySession &, const StickySession &) = default;
};

} // namespace ingress
