#pragma once

#include <optional>
#include <QMap>
#include <QString>
#include <yaml-cpp/yaml.h>

namespace ingress::kubeimport {

using Labels = QMap<QString, QString>;

// Whether a Kubernetes label selector (`matchLabels`, and `matchExpressions` with In, NotIn,
// Exists, DoesNotExist) selects an object with these labels; every term must hold, and an empty
// selector selects everything. nullopt, with `error` set, for a selector Kubernetes rejects.
std::optional<bool> selectorMatches(const YAML::Node &selector, const Labels &labels,
                                    QString *error);

} // namespace ingress::kubeimport
