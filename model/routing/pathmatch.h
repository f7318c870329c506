#pragma once

#include <string_view>

namespace ingress::paths {

// Kubernetes Ingress Prefix semantics, element-wise on '/': "/foo" matches "/foo", "/foo/" and
// "/foo/bar" but not "/foobar"; a trailing slash on the prefix is ignored ("/foo/" == "/foo").

// The prefix a Prefix route is keyed by: its path without trailing slashes ("/" -> "").
constexpr std::string_view prefixKey(std::string_view path) {
    while (!path.empty() && path.back() == '/')
        path.remove_suffix(1);
    return path;
}

// Does the Prefix route keyed `key` (see prefixKey) match `requestPath`?
constexpr bool prefixMatches(std::string_view key, std::string_view requestPath) {
    if (!requestPath.starts_with(key))
        return false;
    return requestPath.size() == key.size() || requestPath[key.size()] == '/';
}

} // namespace ingress::paths
