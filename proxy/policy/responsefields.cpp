#include "proxy/policy/responsefields.h"

#include "proxy/http/headwriter.h"
#include "proxy/http/httpchars.h"

#include <algorithm>

namespace ingress::proxy {

void ResponseFields::prepare(const CompiledPolicy *policy, const http::RequestHead &request,
                             bool tls) {
    clear();
    if (!policy || (!policy->cors && policy->securityHeaders.empty() && policy->hsts.empty()))
        return;
    m_policy = policy;
    m_tls = tls;
    if (!policy->cors)
        return;
    const http::Header *origin = request.find("origin");
    if (!origin || !policy->cors->allows(origin->value))
        return;
    m_cors = true;
    m_origin.assign(origin->value);
    m_preflight = request.method == "OPTIONS" && request.find("access-control-request-method");
}

template <class Add> void ResponseFields::forEach(Add &&add, bool varyListed) const {
    if (m_cors) {
        const CompiledCors &cors = *m_policy->cors;
        add("Access-Control-Allow-Origin", cors.allowOriginValue(m_origin));
        if (cors.credentials)
            add("Access-Control-Allow-Credentials", "true");
        if (m_preflight) {
            add("Access-Control-Allow-Methods", cors.methods);
            add("Access-Control-Allow-Headers", cors.headers);
            add("Access-Control-Max-Age", cors.maxAge);
        } else if (!cors.expose.empty()) {
            add("Access-Control-Expose-Headers", cors.expose);
        }
        // Caches must keep answers to different origins apart (an echoed origin, or none for
        // a disallowed one); with "*" too, as ingress-nginx does.
        if (!varyListed)
            add("Vary", "Origin");
    }
    for (const auto &[name, value] : m_policy->securityHeaders)
        add(name, value);
    if (m_tls && !m_policy->hsts.empty())
        add("Strict-Transport-Security", m_policy->hsts);
}

void ResponseFields::setStickyCookie(std::string_view cookie, std::string_view token,
                                     std::string_view attributes) {
    // Validation refuses such names; checked again because the field goes on the wire as is.
    if (cookie.empty() || !std::all_of(cookie.begin(), cookie.end(), http::isTchar))
        return;
    m_sticky = true;
    m_stickyCookie.assign(cookie);
    m_stickyCookie += '=';
    m_stickyCookie += token;
    m_stickyCookie += attributes;
}

bool ResponseFields::replaces(std::string_view name) const {
    if (!m_policy)
        return false;
    bool found = false;
    forEach([&](std::string_view field,
                std::string_view) { found = found || http::equalsIgnoreCase(field, name); },
            true); // our Vary is added, never a replacement
    return found;
}

void ResponseFields::write(http::HeadWriter &w, bool varyListed) const {
    const auto add = [&](std::string_view name, std::string_view value) {
        w.addField(name, value);
    };
    if (m_policy)
        forEach(add, varyListed);
    if (m_sticky)
        add("Set-Cookie", m_stickyCookie);
}

void ResponseFields::append(QByteArray *out) const {
    const auto add = [&](std::string_view name, std::string_view value) {
        out->append(name.data(), qsizetype(name.size()));
        out->append(": ");
        out->append(value.data(), qsizetype(value.size()));
        out->append("\r\n");
    };
    if (m_policy)
        forEach(add, false);
    if (m_sticky)
        add("Set-Cookie", m_stickyCookie);
}

} // namespace ingress::proxy
