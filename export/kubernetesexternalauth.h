#pragma once

#include "export/kubernetesimportsession.h"

namespace ingress::kubeimport {

// The services the auth-url annotations ask (ImportSession::externalAuthRequests), once every
// file is read and the backends are resolved: the Service of the input the URL names, a route's
// service for the request's own host ($host), or a service made for the URL's host and port.
// Runs before --endpoint binds endpoints, so that those services can be bound too.
void resolveExternalAuth(ImportSession &session);

// Puts the services' final names (disambiguateNames may rename them) into the routes'
// externalAuth, in place of the stand-ins.
void nameExternalAuthServices(ImportSession &session);

} // namespace ingress::kubeimport
