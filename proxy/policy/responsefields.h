#pragma once

#include "model/routing/compiledpolicy.h"
#include "proxy/http/requestparser.h"

#include <QByteArray>
#include <string>
#include <string_view>

namespace ingress::proxy {

namespace http {
class HeadWriter;
}

// The fields a route's policy puts on every response of one request (docs/proxy.md,
// "Policies"): the CORS fields for an allowed Origin, the security headers, and HSTS on TLS
// connections; for a preflight, the whole preflight answer's set. Prepared once per request,
// once the route is known, and written by every response writer (relayed heads, the proxy's own
// pages, redirects, direct responses) so that they all say the same. Our fields are written
// last and replace any of the same name (the backend's, or the route's responseHeaders
// filter's): the policy is the site's owner's word, a backend's default is not.
// A sticky session's Set-Cookie rides along (setStickyCookie): written after the policy's
// fields, added rather than replacing, since a backend's own cookies are its business.
class ResponseFields {
public:
    // For a request routed to a route with `policy` (null: none, and nothing to write).
    // `tls`: the client's connection is TLS (HSTS). Copies an allowed Origin: the request's
    // views may move with the read buffer before the response head is written.
    void prepare(const CompiledPolicy *policy, const http::RequestHead &request, bool tls);
    void clear() {
        m_policy = nullptr;
        m_cors = false;
        m_preflight = false;
        m_sticky = false;
    }
    // `Set-Cookie: <cookie>=<token><attributes>` on the responses from now on: the endpoint
    // that answers is not the one the request's sticky cookie named (or it named none).
    void setStickyCookie(std::string_view cookie, std::string_view token,
                         std::string_view attributes);

    bool active() const { return m_policy != nullptr || m_sticky; }
    bool corsAllowed() const { return m_cors; } // the request's Origin is allowed
    // OPTIONS with an allowed Origin and Access-Control-Request-Method: answered by the proxy
    // (204) before the policy's checks.
    bool preflight() const { return m_preflight; }
    // Do we write a field of this name, so that another of its name must not be?
    bool replaces(std::string_view name) const;

    // Appends the fields as "Name: value\r\n" lines. `varyListed`: a Vary field already
    // written names Origin (or is "*"), so no "Vary: Origin" of ours.
    void write(http::HeadWriter &w, bool varyListed = false) const;
    void append(QByteArray *out) const;

private:
    // Calls add(name, value) for each field, in one order for every writer.
    template <class Add> void forEach(Add &&add, bool varyListed) const;

    const CompiledPolicy *m_policy = nullptr;
    bool m_tls = false;
    bool m_cors = false;
    bool m_preflight = false;
    std::string m_origin; // the allowed Origin, kept across requests (no allocation once warm)
    bool m_sticky = false;
    std::string m_stickyCookie; // "name=token; Path=/; HttpOnly", reused like m_origin
};

} // namespace ingress::proxy
