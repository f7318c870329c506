#include "proxy/accesslogformat.h"

#include <cstdio>
#include <QLocale>

namespace ingress::proxy {

namespace {

// Quoted fields are escaped so that a hostile User-Agent cannot forge log lines.
void appendQuoted(QByteArray *out, const QByteArray &value) {
    out->append('"');
    if (value.isEmpty())
        out->append('-');
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\' || u < 0x20 || u >= 0x7f) {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\x%02X", u);
            out->append(buf);
        } else {
            out->append(c);
        }
    }
    out->append('"');
}

QByteArray orDash(const QString &s) {
    return s.isEmpty() ? QByteArray("-") : s.toUtf8();
}

} // namespace

QByteArray formatAccessLogLine(const AccessLogEntry &e) {
    QByteArray line;
    line.reserve(256);
    line.append(orDash(e.clientAddress));
    line.append(" - - [");
    line.append(
        QLocale::c().toString(e.time.toUTC(), QStringLiteral("dd/MMM/yyyy:HH:mm:ss")).toUtf8());
    line.append(" +0000");
    line.append("] ");
    appendQuoted(&line, e.method + ' ' + e.target + ' ' + e.protocol);
    line.append(' ');
    line.append(QByteArray::number(e.status));
    line.append(' ');
    line.append(QByteArray::number(e.bytesOut));
    line.append(' ');
    appendQuoted(&line, e.referer);
    line.append(' ');
    appendQuoted(&line, e.userAgent);
    line.append(" svc=" + orDash(e.service) + " ep=" + orDash(e.endpoint) +
                " dur=" + QByteArray::number(double(e.durationUs) / 1e6, 'f', 6) +
                " id=" + e.requestId + " host=");
    line.append(e.host.isEmpty() ? QByteArray("-") : e.host);
    line.append('\n');
    return line;
}

} // namespace ingress::proxy
