#pragma once

// The exported manifests of one kind, parsed: what the Kubernetes and Gateway API export tests
// look into.

#include "export/exporter.h"

#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace ingress::testing {

inline std::vector<YAML::Node> documents(const ExportResult &result, const std::string &kind) {
    std::vector<YAML::Node> found;
    for (const YAML::Node &doc : YAML::LoadAll(result.mainText.toStdString()))
        if (doc["kind"].as<std::string>() == kind)
            found.push_back(doc);
    return found;
}

} // namespace ingress::testing
