#include "model/validation/validationrules.h"

#include <algorithm>
#include <QRegularExpression>

namespace ingress::validation {

bool listenersOverlap(const QStringList &a, const QStringList &b) {
    if (a.isEmpty() || b.isEmpty())
        return true;
    return std::any_of(a.begin(), a.end(), [&](const QString &name) { return b.contains(name); });
}

bool isCorsOrigin(QStringView text) {
    if (text == u"*")
        return true;
    static const QRegularExpression origin(
        QStringLiteral(
            R"(^[a-z][a-z0-9+.-]*://(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$)"),
        QRegularExpression::CaseInsensitiveOption);
    return origin.match(text.toString()).hasMatch();
}

bool isToken(QStringView text) {
    // RFC 9110 section 5.6.2: tchar.
    static const QString extra = QStringLiteral("!#$%&'*+-.^_`|~");
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
               extra.contains(c);
    });
}

QString checkKubernetesName(const QString &name, bool subdomain) {
    if (name.isEmpty())
        return QStringLiteral("the name is empty");
    const int limit = subdomain ? 253 : 63;
    if (name.size() > limit)
        return QStringLiteral("longer than %1 characters").arg(limit);
    const auto isLowerAlnum = [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
    };
    for (QChar c : name)
        if (!isLowerAlnum(c) && c != u'-' && !(subdomain && c == u'.'))
            return subdomain ? QStringLiteral("only lower-case letters, digits, '-' and '.'")
                             : QStringLiteral("only lower-case letters, digits and '-'");
    if (!subdomain && !(name.front() >= u'a' && name.front() <= u'z'))
        return QStringLiteral("must start with a letter");
    if (!isLowerAlnum(name.front()) || !isLowerAlnum(name.back()))
        return QStringLiteral("must start and end with a letter or digit");
    if (subdomain && (name.contains(QLatin1String("..")) || name.contains(QLatin1String(".-")) ||
                      name.contains(QLatin1String("-."))))
        return QStringLiteral("each '.'-separated part must start and end with a letter or digit");
    return {};
}

} // namespace ingress::validation
