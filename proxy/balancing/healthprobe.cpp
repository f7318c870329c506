#include "proxy/balancing/healthprobe.h"

namespace ingress::proxy {

namespace {
// A status line longer than this is not one.
constexpr qsizetype maxStatusLine = 8192;
} // namespace

HealthProbe::HealthProbe(QObject *parent) : QObject(parent), m_socket(this), m_timeout(this) {
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this,
            [this] { finish(false, QStringLiteral("timed out after %1 ms").arg(m_timeoutMs)); });
    connect(&m_socket, &QTcpSocket::connected, this, &HealthProbe::onConnected);
    connect(&m_socket, &QTcpSocket::readyRead, this, &HealthProbe::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, &HealthProbe::onDisconnected);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, &HealthProbe::onError);
}

void HealthProbe::start(const QString &host, quint16 port, const QByteArray &hostHeader,
                        const QByteArray &path, int timeoutMs) {
    m_timeoutMs = timeoutMs;
    m_request = "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader +
                "\r\nUser-Agent: ingress-studio-health\r\nAccept: */*\r\n"
                "Connection: close\r\n\r\n";
    m_timeout.start(timeoutMs);
    m_socket.connectToHost(host, port);
}

void HealthProbe::abort() {
    m_done = true;
    m_timeout.stop();
    m_socket.abort();
}

int HealthProbe::parseStatusLine(const QByteArray &line) {
    // "HTTP/1.1 200 OK": version, one space, three digits, then a space or the end.
    if (line.size() < 12 || !line.startsWith("HTTP/1.") || line[8] != ' ')
        return -1;
    int status = 0;
    for (int i = 9; i < 12; ++i) {
        if (line[i] < '0' || line[i] > '9')
            return -1;
        status = status * 10 + (line[i] - '0');
    }
    if (line.size() > 12 && line[12] != ' ')
        return -1;
    return status >= 100 ? status : -1;
}

void HealthProbe::onConnected() {
    m_socket.write(m_request);
}

void HealthProbe::onReadyRead() {
    if (m_done)
        return;
    m_buffer += m_socket.read(maxStatusLine + 2 - m_buffer.size());
    const qsizetype end = m_buffer.indexOf("\r\n");
    if (end < 0) {
        if (m_buffer.size() > maxStatusLine)
            finish(false, QStringLiteral("no HTTP status line"));
        return;
    }
    const int status = parseStatusLine(m_buffer.left(end));
    if (status < 0)
        finish(false, QStringLiteral("no HTTP status line"));
    else
        finish(status >= 200 && status < 400, QStringLiteral("HTTP %1").arg(status));
}

void HealthProbe::onDisconnected() {
    finish(false, QStringLiteral("connection closed before a response"));
}

void HealthProbe::onError(QAbstractSocket::SocketError error) {
    // The upstream closing after its answer is normal; whatever it sent was read first.
    if (error == QAbstractSocket::RemoteHostClosedError)
        onReadyRead();
    finish(false, m_socket.errorString());
}

void HealthProbe::finish(bool healthy, const QString &detail) {
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    m_socket.abort();
    Q_EMIT finished(healthy, detail);
}

} // namespace ingress::proxy
