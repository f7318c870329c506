#pragma once

#include "model/topology/policy.h"
#include "model/yaml/yamlemitter.h"

namespace ingress::yaml {

// A host's or route's `policy` mapping (docs/topology-format.md, "Policies").
class PolicyEmitter : public YamlEmitter {
public:
    void policy(const Policy &p); // nothing for an empty policy

private:
    void externalAuth(const ExternalAuth &a);
    void cors(const Cors &c);
    void securityHeaders(const SecurityHeaders &h);
};

} // namespace ingress::yaml
