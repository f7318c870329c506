#include "tests/proxy/testclient.h"

#include <QDeadlineTimer>
#include <QTcpServer>

namespace ingress::test {

QByteArray HttpResponse::header(const QByteArray &name) const {
    for (const auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

int HttpResponse::headerCount(const QByteArray &name) const {
    int count = 0;
    for (const auto &[n, v] : headers)
        count += n.compare(name, Qt::CaseInsensitive) == 0;
    return count;
}

bool RawClient::connectTo(quint16 port, int timeoutMs) {
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    return m_socket.waitForConnected(timeoutMs);
}

void RawClient::send(const QByteArray &bytes) {
    m_socket.write(bytes);
    m_socket.waitForBytesWritten(3000);
}

bool RawClient::fill(int timeoutMs) {
    if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(timeoutMs))
        return false;
    m_buffer += m_socket.readAll();
    return true;
}

std::optional<HttpResponse> RawClient::read(int timeoutMs, bool headRequest) {
    QDeadlineTimer deadline(timeoutMs);
    auto fillUntil = [&](auto done) {
        while (!done()) {
            if (deadline.hasExpired() || !fill(int(qMax<qint64>(1, deadline.remainingTime()))))
                return false;
        }
        return true;
    };
    HttpResponse r;
    qsizetype end = -1;
    if (!fillUntil([&] { return (end = m_buffer.indexOf("\r\n\r\n")) >= 0; }))
        return std::nullopt;
    const QList<QByteArray> lines = m_buffer.left(end).split('\n');
    m_buffer.remove(0, end + 4);
    const QList<QByteArray> status = lines.value(0).trimmed().split(' ');
    r.status = status.value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            r.headers.append({lines[i].left(colon), lines[i].mid(colon + 1).trimmed()});
    }
    if (headRequest || r.status < 200 || r.status == 204 || r.status == 304)
        return r;
    if (r.header("transfer-encoding").toLower() == "chunked") {
        r.chunked = true;
        for (;;) {
            qsizetype eol = -1;
            if (!fillUntil([&] { return (eol = m_buffer.indexOf("\r\n")) >= 0; }))
                return std::nullopt;
            const qint64 size = m_buffer.left(eol).split(';').value(0).toLongLong(nullptr, 16);
            m_buffer.remove(0, eol + 2);
            if (size == 0) {
                // trailers until the empty line
                for (;;) {
                    if (!fillUntil([&] { return (eol = m_buffer.indexOf("\r\n")) >= 0; }))
                        return std::nullopt;
                    const bool last = eol == 0;
                    m_buffer.remove(0, eol + 2);
                    if (last)
                        return r;
                }
            }
            if (!fillUntil([&] { return m_buffer.size() >= size + 2; }))
                return std::nullopt;
            r.body += m_buffer.left(size);
            m_buffer.remove(0, size + 2);
        }
    }
    const QByteArray length = r.header("content-length");
    if (!length.isEmpty()) {
        const qint64 size = length.toLongLong();
        if (!fillUntil([&] { return m_buffer.size() >= size; }))
            return std::nullopt;
        r.body = m_buffer.left(size);
        m_buffer.remove(0, size);
        return r;
    }
    while (!deadline.hasExpired() && m_socket.state() == QAbstractSocket::ConnectedState)
        fill(int(qMax<qint64>(1, deadline.remainingTime())));
    m_buffer += m_socket.readAll();
    r.body = std::exchange(m_buffer, {});
    return r;
}

bool RawClient::waitClosed(int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_socket.state() != QAbstractSocket::ConnectedState)
            return true;
        if (!m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            return m_socket.state() != QAbstractSocket::ConnectedState;
        m_buffer += m_socket.readAll();
    }
    return false;
}

std::optional<HttpResponse> request(quint16 port, const QByteArray &raw, int timeoutMs) {
    RawClient client;
    if (!client.connectTo(port))
        return std::nullopt;
    client.send(raw);
    return client.read(timeoutMs, raw.startsWith("HEAD "));
}

QByteArray get(const QByteArray &host, const QByteArray &target, const QByteArray &extraHeaders) {
    return "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + extraHeaders + "\r\n";
}

quint16 freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace ingress::test
