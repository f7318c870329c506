#pragma once

#include <QByteArray>

namespace ingress::bench {

// A synthetic topology for the scale benchmark, as topology YAML: `hosts` virtual hosts (every
// fourth a wildcard "*.wN.bench.test", the others "hN.bench.test"), three routes each (Exact,
// Prefix, Prefix "/"; every tenth host a Regex instead of the Exact and "/static" instead of
// "/"), hosts/10 services (at least 10) with two endpoints, one HTTP listener. Validates clean.
QByteArray generateTopologyYaml(int hosts);

} // namespace ingress::bench
