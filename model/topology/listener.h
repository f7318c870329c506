#pragma once

#include "model/topology/sourcelocation.h"

#include <QString>

namespace ingress {

enum class Protocol { Http, Https };

// An address the ingress accepts connections on. `bind` is kept as written ("127.0.0.1:8080",
// "[::1]:8443", ":80"); validation checks it and `parseBind` splits it.
struct Listener {
    QString name;
    QString bind;
    Protocol protocol = Protocol::Http;
    SourceMap src;

    friend bool operator==(const Listener &, const Listener &) = default;
};

} // namespace ingress
