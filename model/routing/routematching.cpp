#include "model/routing/routematching.h"

#include "model/routing/pathmatch.h"
#include "model/topology/enums.h"

#include <algorithm>
#include <charconv>

namespace ingress::routing {

namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [&](char x, char y) { return lower(x) == lower(y); });
}

bool pathMatches(const CompiledRoute &route, std::string_view path, const LazyPath &lazy,
                 RouteVerdict &verdict) {
    switch (route.type) {
    case PathType::Exact:
        return path == route.path;
    case PathType::Prefix:
        return paths::prefixMatches(route.prefixKey, path);
    case PathType::Regex: {
        // Unanchored search, as nginx's `location ~`: the pattern anchors itself if it wants.
        const QRegularExpressionMatch m = route.regex->match(lazy.text());
        if (!m.hasMatch())
            return false;
        verdict.regexStart = m.capturedStart(0);
        verdict.regexLength = m.capturedLength(0);
        return true;
    }
    }
    return false;
}

int defaultPort(std::string_view scheme) {
    if (scheme == "http")
        return 80;
    if (scheme == "https")
        return 443;
    return 0;
}

std::string expectation(const CompiledValueMatch &match) {
    if (!match.isRegex)
        return "not '" + match.value + "'";
    return match.regex ? "which /" + match.value + "/ does not match"
                       : "and /" + match.value + "/ is an invalid regex that never matches";
}

std::string join(const std::vector<std::string> &items) {
    std::string text;
    for (const std::string &item : items)
        text += (text.empty() ? "" : ", ") + item;
    return text;
}

} // namespace

const QString &LazyPath::text() const {
    if (!m_text)
        m_text = QString::fromUtf8(m_path.data(), qsizetype(m_path.size()));
    return *m_text;
}

RouteVerdict checkRoute(const CompiledRoute &route, const RequestInfo &request,
                        const LazyPath &path) {
    RouteVerdict verdict;
    if (route.type == PathType::Regex && !route.regex) {
        verdict.code = RouteVerdict::Code::BadRegex;
        return verdict;
    }
    if (!pathMatches(route, request.path, path, verdict)) {
        verdict.code = RouteVerdict::Code::PathDiffers;
        return verdict;
    }
    if (!route.methods.empty() &&
        std::none_of(route.methods.begin(), route.methods.end(),
                     [&](const std::string &m) { return equalsIgnoringCase(m, request.method); })) {
        verdict.code = RouteVerdict::Code::MethodNotAllowed;
        return verdict;
    }
    for (std::size_t i = 0; i < route.headers.size(); ++i) {
        const CompiledValueMatch &header = route.headers[i];
        const std::optional<std::string_view> actual =
            request.headers ? request.headers->value(header.name) : std::nullopt;
        if (!actual || !header.matches(*actual)) {
            verdict.code =
                actual ? RouteVerdict::Code::HeaderDiffers : RouteVerdict::Code::HeaderMissing;
            verdict.header = int(i);
            return verdict;
        }
    }
    for (std::size_t i = 0; i < route.queryParams.size(); ++i) {
        const CompiledValueMatch &param = route.queryParams[i];
        const std::optional<std::string> actual = queryValue(request.query, param.name);
        if (!actual || !param.matches(*actual)) {
            verdict.code =
                actual ? RouteVerdict::Code::QueryDiffers : RouteVerdict::Code::QueryMissing;
            verdict.header = int(i);
            return verdict;
        }
    }
    verdict.code = RouteVerdict::Code::Match;
    return verdict;
}

namespace {

int hexDigit(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// application/x-www-form-urlencoded decoding; a malformed escape is kept as written.
std::string formDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && hexDigit(text[i + 1]) >= 0 &&
                   hexDigit(text[i + 2]) >= 0) {
            out += char(hexDigit(text[i + 1]) * 16 + hexDigit(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

std::optional<std::string> queryValue(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        const std::size_t eq = pair.find('=');
        if (formDecode(pair.substr(0, eq)) != name)
            continue;
        return eq == std::string_view::npos ? std::string() : formDecode(pair.substr(eq + 1));
    }
    return std::nullopt;
}

std::string replaceMatched(const CompiledRoute &route, std::string_view path,
                           const RouteVerdict &verdict, const LazyPath &lazy,
                           std::string_view replacement) {
    switch (route.type) {
    case PathType::Exact:
        return replacement.empty() ? std::string("/") : std::string(replacement);
    case PathType::Prefix: {
        // The matched prefix ends at a '/' boundary, so the rest is empty or starts with '/';
        // a trailing '/' on the replacement would double it ("/" + "/users" -> "/users").
        const std::string_view rest = path.substr(std::min(route.prefixKey.size(), path.size()));
        if (rest.empty())
            return replacement.empty() ? std::string("/") : std::string(replacement);
        std::string result(paths::prefixKey(replacement));
        result += rest;
        return result;
    }
    case PathType::Regex: {
        QString text = lazy.text();
        text.replace(verdict.regexStart, verdict.regexLength,
                     QString::fromUtf8(replacement.data(), qsizetype(replacement.size())));
        return text.isEmpty() ? std::string("/") : text.toStdString();
    }
    }
    return std::string(path);
}

std::string upstreamPath(const CompiledRoute &route, std::string_view path,
                         const RouteVerdict &verdict, const LazyPath &lazy) {
    if (route.rewritePath)
        return route.rewritePath->empty() ? std::string("/") : *route.rewritePath;
    if (!route.rewritePrefix)
        return std::string(path);
    return replaceMatched(route, path, verdict, lazy, *route.rewritePrefix);
}

std::string_view requestScheme(const RoutingTable &table, const RequestInfo &request) {
    const auto &listeners = table.listeners();
    const bool tls = request.listener >= 0 && std::size_t(request.listener) < listeners.size()
                         ? listeners[std::size_t(request.listener)].protocol == Protocol::Https
                         : request.tls;
    return tls ? "https" : "http";
}

std::optional<int> hostHeaderPort(std::string_view hostHeader) {
    std::size_t colon = std::string_view::npos;
    if (hostHeader.starts_with('[')) {
        const std::size_t close = hostHeader.find(']');
        if (close != std::string_view::npos && close + 1 < hostHeader.size() &&
            hostHeader[close + 1] == ':')
            colon = close + 1;
    } else if (hostHeader.find(':') == hostHeader.rfind(':')) {
        colon = hostHeader.find(':');
    }
    if (colon == std::string_view::npos)
        return std::nullopt;
    int port = 0;
    const std::string_view digits = hostHeader.substr(colon + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (error != std::errc() || end != digits.data() + digits.size() || port < 1 || port > 65535)
        return std::nullopt;
    return port;
}

std::string makeLocation(std::string_view scheme, std::string_view host, int port,
                         std::string_view path, std::string_view query) {
    std::string location(scheme);
    location += "://";
    // An IPv6 literal needs its brackets back in a URL.
    const bool bracket = host.find(':') != std::string_view::npos && !host.starts_with('[');
    location += bracket ? "[" : "";
    location += host;
    location += bracket ? "]" : "";
    if (port > 0 && port != defaultPort(scheme))
        location += ':' + std::to_string(port);
    location += path.empty() ? std::string_view("/") : path;
    if (!query.empty()) {
        location += '?';
        location += query;
    }
    return location;
}

std::string redirectLocation(const RoutingTable &table, const CompiledRoute &route,
                             const RequestInfo &request, std::string_view normalisedHost,
                             const RouteVerdict &verdict, const LazyPath &lazy) {
    const Redirect &redirect = *route.redirect;
    const std::string scheme = redirect.scheme.isEmpty()
                                   ? std::string(requestScheme(table, request))
                                   : redirect.scheme.toLower().toStdString();
    const std::string host =
        redirect.host.isEmpty() ? std::string(normalisedHost) : redirect.host.toStdString();
    // Gateway API: a new scheme without a port goes to that scheme's well-known port; otherwise
    // the port the client used is kept.
    int port = 0;
    if (redirect.port)
        port = *redirect.port;
    else if (!redirect.scheme.isEmpty())
        port = defaultPort(scheme);
    else
        port = hostHeaderPort(request.host).value_or(defaultPort(scheme));
    std::string path;
    if (!redirect.path.isEmpty())
        path = redirect.path.toStdString();
    else if (!redirect.prefixPath.isEmpty())
        path =
            replaceMatched(route, request.path, verdict, lazy, redirect.prefixPath.toStdString());
    else
        path = std::string(request.path);
    return makeLocation(scheme, host, port, path, request.query);
}

std::string routeSubject(const CompiledRoute &route) {
    std::string subject = "route #";
    subject += std::to_string(route.index + 1);
    if (route.matchCount > 1) {
        subject += " match ";
        subject += std::to_string(route.match + 1);
    }
    subject += ' ';
    subject += toString(route.type).toStdString();
    subject += ' ';
    subject += route.path;
    return subject;
}

std::string describeVerdict(const CompiledRoute &route, const RouteVerdict &verdict,
                            const RequestInfo &request) {
    using Code = RouteVerdict::Code;
    switch (verdict.code) {
    case Code::Match: {
        std::string why = route.type == PathType::Exact ? "path equals " + route.path
                          : route.type == PathType::Prefix
                              ? "longest prefix matching " + std::string(request.path)
                              : "regex matches " + std::string(request.path);
        if (!route.methods.empty())
            why += ", method " + std::string(request.method) + " allowed";
        if (!route.headers.empty())
            why += ", headers match";
        if (!route.queryParams.empty())
            why += ", query parameters match";
        return why;
    }
    case Code::PathDiffers:
        if (route.type == PathType::Exact)
            return "path differs";
        if (route.type == PathType::Prefix)
            return std::string(request.path) + " is not under " +
                   (route.prefixKey.empty() ? std::string("/") : route.prefixKey) +
                   " (prefixes match whole path elements)";
        return "regex does not match " + std::string(request.path);
    case Code::MethodNotAllowed:
        return "method " + std::string(request.method) + " not in [" + join(route.methods) + "]";
    case Code::HeaderMissing:
        return "header " + route.headers[std::size_t(verdict.header)].name + " missing";
    case Code::HeaderDiffers: {
        const CompiledValueMatch &header = route.headers[std::size_t(verdict.header)];
        const auto actual = request.headers ? request.headers->value(header.name) : std::nullopt;
        return "header " + header.name + " is '" + std::string(actual.value_or("")) + "', " +
               expectation(header);
    }
    case Code::QueryMissing:
        return "query parameter " + route.queryParams[std::size_t(verdict.header)].name +
               " missing";
    case Code::QueryDiffers: {
        const CompiledValueMatch &param = route.queryParams[std::size_t(verdict.header)];
        return "query parameter " + param.name + " is '" +
               queryValue(request.query, param.name).value_or("") + "', " + expectation(param);
    }
    case Code::BadRegex: {
        const QRegularExpression re(QString::fromStdString(route.path));
        return "invalid regex (" + re.errorString().toStdString() + "): never matches";
    }
    }
    return {};
}

} // namespace ingress::routing
