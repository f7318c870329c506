#include "model/topology/hostname.h"

#include <algorithm>
#include <arpa/inet.h>
#include <QList>

namespace ingress::hostname {

namespace {

// inet_pton rather than QHostAddress: the model links Qt::Core only.
bool isIPv4(const QString &text) {
    in_addr addr{};
    return inet_pton(AF_INET, text.toLatin1().constData(), &addr) == 1;
}

bool isIPv6(const QString &text) {
    in6_addr addr{};
    return inet_pton(AF_INET6, text.toLatin1().constData(), &addr) == 1;
}

bool isLabelChar(QChar c) {
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
           c == u'-';
}

QString checkLabel(QStringView label) {
    if (label.isEmpty())
        return QStringLiteral("empty label");
    if (label.size() > 63)
        return QStringLiteral("label '%1' is longer than 63 characters").arg(label);
    for (QChar c : label)
        if (!isLabelChar(c))
            return QStringLiteral("label '%1' contains '%2' (only letters, digits and '-')")
                .arg(label, QString(c));
    if (label.front() == u'-' || label.back() == u'-')
        return QStringLiteral("label '%1' starts or ends with '-'").arg(label);
    return {};
}

} // namespace

QString checkHost(const QString &host, bool allowWildcard) {
    if (host.isEmpty())
        return QStringLiteral("host name is empty");
    if (host.size() > 253)
        return QStringLiteral("host name is longer than 253 characters");
    if (host.contains(u':'))
        return QStringLiteral("a host name carries no port");
    if (isIPv4(host) || isIPv6(host))
        return QStringLiteral("an IP address is not a host name");
    const QList<QStringView> labels = QStringView(host).split(u'.');
    for (qsizetype i = 0; i < labels.size(); ++i) {
        if (labels[i] == u"*") {
            if (i != 0 || !allowWildcard)
                return QStringLiteral("'*' is only allowed as the whole first label");
            if (labels.size() < 3)
                return QStringLiteral("a wildcard needs at least two labels after '*.'");
            continue;
        }
        if (labels[i].contains(u'*'))
            return QStringLiteral("'*' is only allowed as the whole first label");
        if (QString why = checkLabel(labels[i]); !why.isEmpty())
            return why;
    }
    return {};
}

bool covers(QStringView pattern, QStringView host) {
    if (pattern.startsWith(u"*.")) {
        const qsizetype dot = host.indexOf(u'.');
        if (dot <= 0)
            return false;
        return host.mid(dot + 1).compare(pattern.mid(2), Qt::CaseInsensitive) == 0;
    }
    return pattern.compare(host, Qt::CaseInsensitive) == 0;
}

std::optional<HostPort> parseHostPort(const QString &text, QString *error) {
    auto fail = [&](const QString &why) -> std::optional<HostPort> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QString host;
    QStringView portText;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0)
            return fail(QStringLiteral("'[' without ']' in '%1'").arg(text));
        host = text.mid(1, close - 1);
        if (!isIPv6(host))
            return fail(QStringLiteral("'%1' is not an IPv6 address").arg(host));
        if (text.size() == close + 1 || text.at(close + 1) != u':')
            return fail(QStringLiteral("'%1' has no port (expected [address]:port)").arg(text));
        portText = QStringView(text).mid(close + 2);
    } else {
        const qsizetype colon = text.lastIndexOf(u':');
        if (colon < 0)
            return fail(QStringLiteral("'%1' has no port (expected host:port)").arg(text));
        host = text.left(colon);
        if (host.contains(u':'))
            return fail(
                QStringLiteral("IPv6 address '%1' must be in brackets ([%1]:port)").arg(host));
        portText = QStringView(text).mid(colon + 1);
        if (!host.isEmpty() && !isIPv4(host)) {
            if (QString why = checkHost(host, false); !why.isEmpty())
                return fail(QStringLiteral("'%1' is neither an IP address nor a host name: %2")
                                .arg(host, why));
        }
    }
    // Digits only: toInt() would also take "+80" and " 80".
    const bool digits = !portText.isEmpty() && portText.size() <= 5 &&
                        std::all_of(portText.begin(), portText.end(),
                                    [](QChar c) { return c >= u'0' && c <= u'9'; });
    const int port = digits ? portText.toInt() : 0;
    if (port < 1 || port > 65535)
        return fail(QStringLiteral("port '%1' is not a number from 1 to 65535").arg(portText));
    return HostPort{host, port};
}

} // namespace ingress::hostname
