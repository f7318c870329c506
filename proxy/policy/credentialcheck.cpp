#include "proxy/policy/credentialcheck.h"

#include <apr_general.h>
#include <apr_md5.h>
#include <mutex>
#include <openssl/sha.h>
#include <QByteArray>

namespace ingress::proxy {

namespace {

bool passwordMatches(const std::string &password, const std::string &hash) {
    // APR keeps process-wide state behind its functions; set it up once, never torn down
    // (the engine may verify until the process exits).
    static std::once_flag aprReady;
    std::call_once(aprReady, [] { apr_initialize(); });
    return apr_password_validate(password.c_str(), hash.c_str()) == APR_SUCCESS;
}

std::string digestOf(std::string_view credentials) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char *>(credentials.data()), credentials.size(), digest);
    return std::string(reinterpret_cast<const char *>(digest), sizeof digest);
}

} // namespace

bool CredentialCheck::accepts(const HtpasswdFile &users, std::string_view authorization,
                              std::string *user) {
    // "Basic" is case-insensitive (RFC 7617), then one or more spaces and the token68.
    constexpr std::string_view scheme = "basic";
    if (authorization.size() <= scheme.size())
        return false;
    for (std::size_t i = 0; i < scheme.size(); ++i)
        if ((authorization[i] | 0x20) != scheme[i])
            return false;
    std::string_view token = authorization.substr(scheme.size());
    if (token.front() != ' ')
        return false;
    while (!token.empty() && token.front() == ' ')
        token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ')
        token.remove_suffix(1);
    const auto decoded = QByteArray::fromBase64Encoding(
        QByteArray::fromRawData(token.data(), qsizetype(token.size())),
        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    const std::string_view credentials(decoded.decoded.constData(),
                                       std::size_t(decoded.decoded.size()));
    const std::size_t colon = credentials.find(':');
    if (colon == std::string_view::npos)
        return false;
    *user = std::string(credentials.substr(0, colon));
    const auto entry = users.users.find(*user);
    if (entry == users.users.end())
        return false;
    const std::string digest = digestOf(credentials);
    if (m_accepted.contains(digest))
        return true;
    if (!passwordMatches(std::string(credentials.substr(colon + 1)), entry->second))
        return false;
    if (m_accepted.size() >= cacheLimit)
        m_accepted.clear();
    m_accepted.insert(digest);
    return true;
}

} // namespace ingress::proxy
