#pragma once

#include "export/kubernetesimportsession.h"

namespace ingress::kubeimport {

// The sticky sessions the input asks for (ImportSession::stickyRequests), set on the services
// their routes send to. The topology keeps one sticky session per service: a service that
// other routes reach without affinity, or that two requests give different cookies, is
// reported, and so are services sharing a cookie name (the engine sets it on Path=/).
void applyStickySessions(ImportSession &session);

} // namespace ingress::kubeimport
