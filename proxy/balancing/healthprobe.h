#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>

namespace ingress::proxy {

// One active health probe: connect, send `GET <path> HTTP/1.1` with `Connection: close`, read
// the status line, done. The whole exchange is bounded by one timeout. Everything is
// asynchronous: the probe runs on its owner's event loop and never blocks it. finished() is
// emitted exactly once, unless abort() comes first.
class HealthProbe : public QObject {
    Q_OBJECT
public:
    explicit HealthProbe(QObject *parent = nullptr);

    void start(const QString &host, quint16 port, const QByteArray &hostHeader,
               const QByteArray &path, int timeoutMs);
    void abort();

    // The status code in an HTTP/1.x status line, or -1 when it is not one.
    static int parseStatusLine(const QByteArray &line);

Q_SIGNALS:
    void finished(bool healthy, const QString &detail);

private:
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void onError(QAbstractSocket::SocketError error);
    void finish(bool healthy, const QString &detail);

    QTcpSocket m_socket;
    QTimer m_timeout;
    QByteArray m_request;
    QByteArray m_buffer;
    int m_timeoutMs = 0;
    bool m_done = false;
};

} // namespace ingress::proxy
