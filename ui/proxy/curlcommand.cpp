#include "ui/proxy/curlcommand.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QStringList>

namespace ingress::ui {

namespace {

// The host name of a Host header value: "app.test:8080" -> "app.test", "[::1]:80" -> "::1".
QString hostName(const QByteArray &host) {
    const QString text = QString::fromLatin1(host);
    if (text.startsWith(u'['))
        return text.mid(1, text.indexOf(u']') - 1);
    const qsizetype colon = text.lastIndexOf(u':');
    return colon < 0 ? text : text.left(colon);
}

QString urlHost(const QString &host) {
    return host.contains(u':') ? u'[' + host + u']' : host;
}

// The request's path and query: the target itself, or the path of an absolute-form target.
QString pathOf(const QByteArray &target) {
    const QString text = QString::fromLatin1(target);
    const qsizetype scheme = text.indexOf(QLatin1String("://"));
    if (!text.startsWith(u'/') && scheme > 0) {
        const qsizetype slash = text.indexOf(u'/', scheme + 3);
        return slash < 0 ? QStringLiteral("/") : text.mid(slash);
    }
    return text;
}

} // namespace

QString CurlCommand::shellQuote(const QString &word) {
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=@%+,-]+$"));
    if (plain.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(u'\'', QLatin1String("'\\''"));
    return u'\'' + quoted + u'\'';
}

bool CurlCommand::skipsHeader(const QByteArray &name, const QList<QByteArray> &connectionListed) {
    const QByteArray lower = name.toLower();
    static const QList<QByteArray> hopByHop = {"connection",    "keep-alive",        "te",
                                               "trailer",       "transfer-encoding", "upgrade",
                                               "content-length"};
    return hopByHop.contains(lower) || lower.startsWith("proxy-") ||
           connectionListed.contains(lower);
}

QString CurlCommand::forEntry(const proxy::AccessLogEntry &entry, const Target &target) {
    if (entry.method.isEmpty() || entry.target.isEmpty() || entry.target.startsWith('(') ||
        target.port == 0)
        return {};
    QString host = hostName(entry.host);
    const bool https = target.scheme == u"https";
    QStringList words{QStringLiteral("curl")};
    if (https)
        words << QStringLiteral("-k"); // the listener's certificate is usually the dev CA's
    if (entry.protocol == "HTTP/1.0")
        words << QStringLiteral("--http1.0");
    if (entry.method == "HEAD")
        words << QStringLiteral("--head");
    else if (entry.method != "GET")
        words << QStringLiteral("-X") << shellQuote(QString::fromLatin1(entry.method));
    const QString path = pathOf(entry.target);
    // curl would squash "/a/../b" before sending it, which is not the request that was logged.
    if (path.contains(QLatin1String("/.")))
        words << QStringLiteral("--path-as-is");
    // --resolve sends the connection to the listener and keeps the name for Host and SNI.
    if (host.isEmpty() || !QHostAddress(host).isNull()) {
        host = target.connectAddress;
    } else {
        words << QStringLiteral("--resolve")
              << shellQuote(QStringLiteral("%1:%2:%3")
                                .arg(host)
                                .arg(target.port)
                                .arg(target.connectAddress.contains(u':')
                                         ? u'[' + target.connectAddress + u']'
                                         : target.connectAddress));
    }
    const QString authority = QStringLiteral("%1:%2").arg(urlHost(host)).arg(target.port);
    QList<QByteArray> connectionListed;
    for (const auto &[name, value] : entry.requestHeaders)
        if (name.compare("connection", Qt::CaseInsensitive) == 0)
            for (const QByteArray &listed : value.split(','))
                connectionListed << listed.trimmed().toLower();
    for (const auto &[name, value] : entry.requestHeaders) {
        if (skipsHeader(name, connectionListed))
            continue;
        // curl sends Host from the URL; only a different one (another port, say) is repeated.
        if (name.compare("host", Qt::CaseInsensitive) == 0 &&
            (value == host.toLatin1() || value == authority.toLatin1()))
            continue;
        words << QStringLiteral("-H")
              << shellQuote(QString::fromLatin1(name) + QStringLiteral(": ") +
                            QString::fromLatin1(value));
    }
    words << shellQuote(QStringLiteral("%1://%2%3").arg(target.scheme, authority, path));
    return words.join(u' ');
}

} // namespace ingress::ui
