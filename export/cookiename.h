#pragma once

#include <QString>

namespace ingress::kubeimport {

// RFC 6265: a cookie name is a token; the topology's invalid-sticky-session rule refuses
// anything else, so the import keeps its default name rather than write one that breaks the
// Set-Cookie field.
inline bool isCookieName(const QString &text) {
    static const QLatin1StringView specials("!#$%&'*+-.^_`|~");
    if (text.isEmpty())
        return false;
    for (const QChar c : text)
        if (!(c >= u'a' && c <= u'z') && !(c >= u'A' && c <= u'Z') && !(c >= u'0' && c <= u'9') &&
            !specials.contains(c))
            return false;
    return true;
}

} // namespace ingress::kubeimport
