#include "model/certs/opensslerror.h"

#include <openssl/err.h>

namespace ingress::certs {

QString takeOpenSslError(const QString &fallback) {
    const unsigned long code = ERR_peek_last_error();
    ERR_clear_error();
    if (code == 0)
        return fallback;
    // The reason string alone reads better in a message than the full "error:0480006C:..."
    if (const char *reason = ERR_reason_error_string(code))
        return QString::fromLatin1(reason);
    char text[256] = {};
    ERR_error_string_n(code, text, sizeof text);
    return QString::fromLatin1(text);
}

} // namespace ingress::certs
