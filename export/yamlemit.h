#pragma once

#include <set>
#include <string>
#include <yaml-cpp/yaml.h>

namespace ingress::yamlemit {

// Emits a node tree built with YAML::Node, where every scalar is stored as text: values under
// one of `typedKeys` are written plain (numbers and booleans); every other scalar a reader would
// take for a boolean, null or number ("true", "80", "~") is double-quoted, so that a header
// value "true" stays a string.
void emit(YAML::Emitter &out, const YAML::Node &node, const std::set<std::string> &typedKeys);

} // namespace ingress::yamlemit
