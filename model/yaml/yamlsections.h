#pragma once

#include "model/topology/canvaspositions.h"
#include "model/topology/certificate.h"
#include "model/topology/listener.h"
#include "model/topology/service.h"
#include "model/topology/virtualhost.h"
#include "model/yaml/yamlcontext.h"

namespace ingress::yaml {

// One reader per element of a topology file (docs/topology-format.md); problems go to the
// context, and what could be read is returned either way.
Listener readListener(YamlContext &context, const Node *node);
Certificate readCertificate(YamlContext &context, const Node *node);
Service readService(YamlContext &context, const Node *node);
VirtualHost readHost(YamlContext &context, const Node *node);
// A host's or route's `policy:`.
Policy readPolicy(YamlContext &context, const Node *node);
// The optional `canvas:` section: node positions by group (listeners, hosts, routes, services).
void readCanvas(YamlContext &context, const Node *node, CanvasPositions &out);

} // namespace ingress::yaml
