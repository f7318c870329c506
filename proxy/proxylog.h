#pragma once

#include <QLoggingCategory>

namespace ingress::proxy {

// "ingress.proxy": upstream failures at info level (on by default); rejected client requests
// at debug level (off by default: under attack they would flood the log; the access log has
// them with their request id). QT_LOGGING_RULES="ingress.proxy.debug=true" shows them.
Q_DECLARE_LOGGING_CATEGORY(lcProxy)

} // namespace ingress::proxy
