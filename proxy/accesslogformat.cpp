#include "proxy/accesslogformat.h"

#include <cstdio>
#include <QLocale>

namespace ingress::proxy {

namespace {

// Client-sent text is escaped so that a hostile User-Agent (or user name) cannot forge log
// lines; `alsoSpace` for unquoted fields, which a space would split.
void appendEscaped(QByteArray *out, const QByteArray &value, bool alsoSpace = false) {
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\' || u < 0x20 || u >= 0x7f || (alsoSpace && c == ' ')) {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\x%02X", u);
            out->append(buf);
        } else {
            out->append(c);
        }
    }
}

void appendQuoted(QByteArray *out, const QByteArray &value) {
    out->append('"');
    if (value.isEmpty())
        out->append('-');
    appendEscaped(out, value);
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
    // The basic-auth user the request named, as nginx's $remote_user.
    line.append(" - ");
    if (e.user.isEmpty())
        line.append('-');
    appendEscaped(&line, e.user, true);
    line.append(" [");
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
    if (!e.deniedBy.isEmpty()) {
        // Only on refusals, so that other lines keep their shape.
        line.append(" denied=" + e.deniedBy.toUtf8() + " policy=");
        appendQuoted(&line, e.policyOrigin.toUtf8());
    }
    line.append('\n');
    return line;
}

} // namespace ingress::proxy
