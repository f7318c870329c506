#pragma once

#include <QByteArray>
#include <QString>
#include <string>
#include <utility>
#include <vector>

namespace ingress::proxy {

// What an external authentication service said about one request (AuthRequest), copied out of
// the auth connection's buffers so that it outlives them.
struct AuthAnswer {
    // False: no usable answer (no endpoint, refused, reset, timed out, malformed, too large);
    // the request is refused with 500 and `error` says why, for the access log.
    bool answered = false;
    int status = 0;
    std::string reason;
    std::vector<std::pair<std::string, std::string>> headers; // as received, in order
    QByteArray body;                                          // de-chunked
    QString error;

    bool allows() const { return answered && status >= 200 && status < 300; }
};

} // namespace ingress::proxy
