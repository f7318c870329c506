#include "proxy/http/requestcookie.h"

#include "proxy/http/httpchars.h"

namespace ingress::proxy::http {

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// Looks for `name` among one field's "name=value" pairs. Lenient like browsers and nginx:
// stray spaces, empty pairs and pairs without '=' are passed over, not refused.
bool findIn(std::string_view field, std::string_view name, std::string_view *value) {
    while (!field.empty()) {
        const std::size_t end = field.find(';');
        const std::string_view pair = field.substr(0, end);
        field = end == std::string_view::npos ? std::string_view() : field.substr(end + 1);
        const std::size_t equals = pair.find('=');
        if (equals == std::string_view::npos || trimmed(pair.substr(0, equals)) != name)
            continue;
        std::string_view v = trimmed(pair.substr(equals + 1));
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"')
            v = v.substr(1, v.size() - 2);
        *value = v;
        return true;
    }
    return false;
}

} // namespace

std::string_view findCookie(const RequestHead &request, std::string_view name) {
    std::string_view value;
    for (const Header &h : request.headers)
        if (equalsIgnoreCase(h.name, "cookie") && findIn(h.value, name, &value))
            return value;
    return {};
}

} // namespace ingress::proxy::http
