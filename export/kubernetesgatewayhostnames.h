#pragma once

#include <optional>
#include <QString>

namespace ingress::kubeimport {

// The host names both a Gateway listener's `hostname` (empty: any) and an HTTPRoute's hostname
// cover, as Gateway API attaches routes: exact names must be equal (case-insensitive); a
// wildcard `*.example.com` covers every name below example.com (any number of labels), so an
// exact name under it, or a narrower wildcard, is what both cover. Nothing in common:
// nullopt, and the route hostname is not served on that listener.
std::optional<QString> intersectHostnames(const QString &listener, const QString &route);

} // namespace ingress::kubeimport
