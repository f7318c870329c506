#include "proxy/headerrewrite.h"

#include "proxy/http/headwriter.h"
#include "proxy/http/httpchars.h"
#include "proxy/policy/responsefields.h"

#include <algorithm>

namespace ingress::proxy::http {

namespace {

// Is `name` listed in any Connection field of `headers`?
bool nominatedByConnection(const std::vector<Header> &headers, std::string_view name) {
    for (const Header &h : headers) {
        if (equalsIgnoreCase(h.name, "connection") && listContains(h.value, name))
            return true;
    }
    return false;
}

// Does a Connection field name anything that is not dropped as hop-by-hop anyway? Usually not
// ("keep-alive", "upgrade"), and then no field needs checking against the lists.
bool nominatesOtherFields(const std::vector<Header> &headers) {
    for (const Header &h : headers) {
        if (!equalsIgnoreCase(h.name, "connection"))
            continue;
        std::string_view list = h.value;
        while (!list.empty()) {
            const std::size_t comma = list.find(',');
            const std::string_view item = trimOws(list.substr(0, comma));
            if (!item.empty() && !isHopByHop(item))
                return true;
            if (comma == std::string_view::npos)
                break;
            list.remove_prefix(comma + 1);
        }
    }
    return false;
}

// Does the filter replace (set) or delete (remove) this field, so that the incoming or the
// proxy's own value is not written?
bool replaces(const CompiledHeaderFilter *filter, std::string_view name) {
    if (!filter)
        return false;
    for (const auto &[setName, value] : filter->set)
        if (equalsIgnoreCase(setName, name))
            return filterMayEdit(name);
    for (const std::string &removed : filter->remove)
        if (equalsIgnoreCase(removed, name))
            return filterMayEdit(name);
    return false;
}

bool isToken(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), isTchar);
}

// Validation refuses names that are not tokens and values with control characters; the engine
// checks again, since a field written here goes on the wire as is (a CR LF in a value would
// start a field, or a request, of its own).
bool writable(std::string_view name, std::string_view value) {
    return filterMayEdit(name) && isToken(name) &&
           std::all_of(value.begin(), value.end(), isFieldValueChar);
}

// The filter's set and add fields, after the others ("add" appends a line of its own), but
// not those the policy's `fields` set.
void writeFilterFields(HeadWriter &w, const CompiledHeaderFilter *filter,
                       const ResponseFields *fields = nullptr) {
    if (!filter)
        return;
    for (const auto &[name, value] : filter->set)
        if (writable(name, value) && !(fields && fields->replaces(name)))
            w.addField(name, value);
    for (const auto &[name, value] : filter->add)
        if (writable(name, value) && !(fields && fields->replaces(name)))
            w.addField(name, value);
}

// Does a Vary field's value already cover Origin?
bool varyCoversOrigin(std::string_view value) {
    return listContains(value, "origin") || listContains(value, "*");
}

// Does the filter write a Vary field that covers Origin?
bool filterVaryCoversOrigin(const CompiledHeaderFilter *filter) {
    if (!filter)
        return false;
    for (const auto *list : {&filter->set, &filter->add})
        for (const auto &[name, value] : *list)
            if (equalsIgnoreCase(name, "vary") && varyCoversOrigin(value))
                return true;
    return false;
}

} // namespace

bool filterMayEdit(std::string_view name) {
    return !isHopByHop(name) && !equalsIgnoreCase(name, "content-length") &&
           !equalsIgnoreCase(name, "host") && !equalsIgnoreCase(name, "expect");
}

bool isHopByHop(std::string_view name) {
    switch (name.size()) {
    case 2:
        return equalsIgnoreCase(name, "te");
    case 7:
        return equalsIgnoreCase(name, "trailer") || equalsIgnoreCase(name, "upgrade");
    case 10:
        return equalsIgnoreCase(name, "connection") || equalsIgnoreCase(name, "keep-alive");
    case 17:
        return equalsIgnoreCase(name, "transfer-encoding");
    default:
        return name.size() > 6 && equalsIgnoreCase(name.substr(0, 6), "proxy-");
    }
}

void writeUpstreamRequest(QByteArray *out, const RequestHead &request, const ForwardInfo &info) {
    HeadWriter w(out);
    w.add(request.method);
    w.add(' ');
    w.add(info.target);
    w.add(" HTTP/1.1\r\n");
    const bool checkNominated = nominatesOtherFields(request.headers);
    const CompiledHeaderFilter *filter =
        info.filter && !info.filter->empty() ? info.filter : nullptr;
    // A rewritten Host must be a valid field value (validation says so too).
    const bool rewriteHost =
        !info.host.empty() && std::all_of(info.host.begin(), info.host.end(), isFieldValueChar);
    std::string_view forwardedFor;
    std::string_view via;
    bool haveRequestId = false;
    bool haveHost = false;
    for (const Header &h : request.headers) {
        if (isHopByHop(h.name))
            continue;
        if (checkNominated && nominatedByConnection(request.headers, h.name))
            continue;
        if (rewriteHost && equalsIgnoreCase(h.name, "host")) {
            if (!haveHost)
                w.addField("Host", info.host);
            haveHost = true;
            continue;
        }
        if (replaces(filter, h.name))
            continue;
        if (equalsIgnoreCase(h.name, "x-forwarded-for")) {
            forwardedFor = h.value; // one combined field below
            continue;
        }
        if (equalsIgnoreCase(h.name, "via")) {
            via = h.value;
            continue;
        }
        if (equalsIgnoreCase(h.name, "x-forwarded-proto") ||
            equalsIgnoreCase(h.name, "x-forwarded-host"))
            continue;
        haveRequestId |= equalsIgnoreCase(h.name, "x-request-id");
        w.addField(h.name, h.value);
    }
    if (request.body == BodyKind::Chunked)
        w.add("Transfer-Encoding: chunked\r\n");
    if (request.upgradeWebSocket)
        w.add("Connection: Upgrade\r\nUpgrade: websocket\r\n");
    if (rewriteHost && !haveHost) // an HTTP/1.0 request without Host
        w.addField("Host", info.host);
    if (!filter) {
        // The common case in one run of writes.
        w.add("X-Forwarded-For: ");
        if (!forwardedFor.empty()) {
            w.add(forwardedFor);
            w.add(", ");
        }
        w.add(info.clientIp);
        w.add("\r\nX-Forwarded-Proto: ");
        w.add(info.scheme);
        w.add("\r\nX-Forwarded-Host: ");
        w.add(request.host);
        w.add("\r\nVia: ");
        if (!via.empty()) {
            w.add(via);
            w.add(", ");
        }
        w.add(request.versionMinor == 1 ? "1.1 ingress-studio\r\n" : "1.0 ingress-studio\r\n");
    } else {
        // The same fields, unless the filter replaces or removes them.
        if (!replaces(filter, "x-forwarded-for")) {
            w.add("X-Forwarded-For: ");
            if (!forwardedFor.empty()) {
                w.add(forwardedFor);
                w.add(", ");
            }
            w.add(info.clientIp);
            w.add("\r\n");
        }
        if (!replaces(filter, "x-forwarded-proto"))
            w.addField("X-Forwarded-Proto", info.scheme);
        if (!replaces(filter, "x-forwarded-host"))
            w.addField("X-Forwarded-Host", request.host);
        if (!replaces(filter, "via")) {
            w.add("Via: ");
            if (!via.empty()) {
                w.add(via);
                w.add(", ");
            }
            w.add(request.versionMinor == 1 ? "1.1 ingress-studio\r\n" : "1.0 ingress-studio\r\n");
        }
        haveRequestId |= replaces(filter, "x-request-id");
    }
    if (!haveRequestId && !info.requestId.empty())
        w.addField("X-Request-Id", info.requestId);
    writeFilterFields(w, filter);
    w.add("\r\n");
}

void writeClientResponse(QByteArray *out, const ResponseHead &response, bool keepAlive,
                         bool upgrade, int clientVersionMinor, const CompiledHeaderFilter *filter,
                         const ResponseFields *fields) {
    if (filter && filter->empty())
        filter = nullptr;
    if (fields && !fields->active())
        fields = nullptr;
    bool varyListed = false; // only looked for when the policy adds Vary: Origin
    HeadWriter w(out);
    w.add("HTTP/1.1 ");
    w.add(char('0' + response.status / 100));
    w.add(char('0' + response.status / 10 % 10));
    w.add(char('0' + response.status % 10));
    w.add(' ');
    w.add(response.reason);
    w.add("\r\n");
    const bool checkNominated = nominatesOtherFields(response.headers);
    for (const Header &h : response.headers) {
        if (isHopByHop(h.name))
            continue;
        if (checkNominated && nominatedByConnection(response.headers, h.name))
            continue;
        if (replaces(filter, h.name))
            continue;
        if (fields) {
            if (fields->replaces(h.name))
                continue;
            varyListed = varyListed || (fields->corsAllowed() && equalsIgnoreCase(h.name, "vary") &&
                                        varyCoversOrigin(h.value));
        }
        w.addField(h.name, h.value);
    }
    writeFilterFields(w, filter, fields);
    if (fields) {
        if (fields->corsAllowed())
            varyListed = varyListed || filterVaryCoversOrigin(filter);
        fields->write(w, varyListed);
    }
    if (upgrade) {
        w.add("Connection: Upgrade\r\nUpgrade: websocket\r\n");
    } else {
        if (response.body == BodyFramer::Mode::Chunked && clientVersionMinor >= 1)
            w.add("Transfer-Encoding: chunked\r\n");
        if (!keepAlive)
            w.add("Connection: close\r\n");
        else if (clientVersionMinor == 0)
            w.add("Connection: keep-alive\r\n");
    }
    w.add("\r\n");
}

} // namespace ingress::proxy::http
