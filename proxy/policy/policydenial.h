#pragma once

#include <cstdint>

namespace ingress::proxy {

// Which part of a policy refused a request; counted per route in the metrics
// (ingress_policy_denied_total{reason}) and named in the access log.
// ExternalAuth: the external authentication service refused the request, or could not be
// asked (then the client got 500).
enum class PolicyDenial : std::uint8_t { None, Connections, Rate, Access, Auth, ExternalAuth };

// "connections", "rate", "access", "auth", "external-auth"; "" for None.
const char *denialName(PolicyDenial denial);

} // namespace ingress::proxy
