#pragma once

#include "proxy/accesslogentry.h"

#include <QByteArray>

namespace ingress::proxy {

// The combined log format plus service, endpoint, duration (seconds) and request id:
// 127.0.0.1 - - [26/Nov/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 12 "-" "curl/7.88"
//   svc=food ep=127.0.0.1:9001 dur=0.000412 id=8c1f0a2b00000001
QByteArray formatAccessLogLine(const AccessLogEntry &entry);

} // namespace ingress::proxy
