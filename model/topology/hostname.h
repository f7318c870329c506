#pragma once

#include <optional>
#include <QString>

namespace ingress {

// Host names and addresses, in one place for validation, routing and the exporters.
namespace hostname {

// RFC 1123 name: labels of 1-63 letters, digits and hyphens, not starting or ending with a
// hyphen, 253 characters in all. With `allowWildcard`, "*" may be the whole first label.
// Returns an empty string when valid, else why not.
QString checkHost(const QString &host, bool allowWildcard = true);

// Does `pattern` (exact or "*.example.com") cover `host`? Case-insensitive; a wildcard covers
// exactly one label, as in Kubernetes Ingress and RFC 6125 certificate matching.
bool covers(QStringView pattern, QStringView host);

struct HostPort {
    QString host; // without brackets for IPv6
    int port = 0;
};
// "127.0.0.1:8080", "[::1]:8443", "name:80", ":8080" (any address). Empty result: invalid;
// `error` says why.
std::optional<HostPort> parseHostPort(const QString &text, QString *error = nullptr);

} // namespace hostname
} // namespace ingress
