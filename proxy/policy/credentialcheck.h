#pragma once

#include "model/certs/htpasswdfile.h"

#include <string>
#include <string_view>
#include <unordered_set>

namespace ingress::proxy {

// Checks HTTP basic credentials against an htpasswd file's users. The hashes are verified by
// apr-util's apr_password_validate, the routine Apache's own mod_auth_basic uses, which knows
// every scheme `htpasswd` writes (bcrypt, SHA-crypt through the system's crypt_r, apr1, {SHA});
// no hash is computed here.
//
// bcrypt is slow on purpose (tens of milliseconds at htpasswd's default cost): each worker
// keeps the SHA-256 digests of credentials it has already accepted, so a browser sending the
// same header on every request costs one verification per worker, as Caddy's basicauth caches
// them. Refusals are never cached; each wrong guess pays the whole cost (and the rate limit).
// One per worker and table generation: no lock.
class CredentialCheck {
public:
    // `authorization`: the request's Authorization header value ("Basic dXNlcjpwYXNz").
    // Writes the user name it names, accepted or not, for the access log.
    bool accepts(const HtpasswdFile &users, std::string_view authorization, std::string *user);

private:
    static constexpr std::size_t cacheLimit = 1024;
    std::unordered_set<std::string> m_accepted; // SHA-256 of "user:password"
};

} // namespace ingress::proxy
