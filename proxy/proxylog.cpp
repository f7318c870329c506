#include "proxy/proxylog.h"

namespace ingress::proxy {

Q_LOGGING_CATEGORY(lcProxy, "ingress.proxy", QtInfoMsg)

} // namespace ingress::proxy
