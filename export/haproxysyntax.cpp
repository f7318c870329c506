#include "export/haproxysyntax.h"

namespace ingress::haproxy {

QString quote(const QString &text) {
    QString escaped = text;
    escaped.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + escaped + u'\'';
}

QString doubleQuote(const QString &text) {
    QString escaped;
    for (const QChar c : text) {
        if (c == u'\\' || c == u'"' || c == u'$')
            escaped += u'\\';
        if (c == u'\n')
            escaped += QStringLiteral("\\n");
        else if (c == u'\r')
            escaped += QStringLiteral("\\r");
        else if (c == u'\t')
            escaped += QStringLiteral("\\t");
        else
            escaped += c;
    }
    return u'"' + escaped + u'"';
}

QString respondRule(const DirectResponse &respond, const QString &when) {
    const QString body =
        respond.body.isEmpty()
            ? QString()
            : QStringLiteral(" content-type \"text/plain; charset=utf-8\" string %1")
                  .arg(doubleQuote(respond.body));
    return QStringLiteral("    http-request return status %1%2 if %3\n")
        .arg(respond.status)
        .arg(body, when);
}

QString formatLiteral(const QString &text) {
    QString escaped = text;
    return escaped.replace(u'%', QStringLiteral("%%"));
}

} // namespace ingress::haproxy
