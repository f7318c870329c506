#include "proxy/adminserver.h"

#include "proxy/proxyengine.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace ingress::proxy {

namespace {

QByteArray response(int status, const char *reason, const QByteArray &type,
                    const QByteArray &body) {
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: " + type +
           "\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

AdminServer::AdminServer(const ProxyEngine *engine, QObject *parent)
    : QTcpServer(parent), m_engine(engine) {
}

bool AdminServer::parseAddress(const QString &text, QHostAddress *address, quint16 *port) {
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return false;
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty() || host == u"*")
        *address = QHostAddress(QHostAddress::Any);
    else if (host == u"localhost")
        *address = QHostAddress(QHostAddress::LocalHost);
    else if (!address->setAddress(host))
        return false;
    *port = quint16(p);
    return true;
}

void AdminServer::incomingConnection(qintptr descriptor) {
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    // A client that never finishes its request is dropped.
    QTimer::singleShot(5000, socket, [socket] { socket->abort(); });
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QIODevice::readyRead, socket, [this, socket] {
        if (socket->property("answered").toBool())
            return;
        QByteArray head = socket->peek(8192);
        if (!head.contains("\r\n\r\n")) {
            if (head.size() >= 8192)
                socket->abort();
            return;
        }
        socket->setProperty("answered", true);
        const QList<QByteArray> parts = head.left(head.indexOf("\r\n")).split(' ');
        const QByteArray method = parts.value(0);
        const QByteArray path = parts.value(1).split('?').value(0);
        QByteArray reply;
        if (method != "GET" && method != "HEAD")
            reply = response(405, "Method Not Allowed", "text/plain", "GET only\n");
        else if (path == "/metrics")
            reply = response(200, "OK", "text/plain; version=0.0.4; charset=utf-8",
                             m_engine->prometheusText());
        else if (path == "/healthz")
            reply = m_engine->isRunning()
                        ? response(200, "OK", "text/plain", "ok\n")
                        : response(503, "Service Unavailable", "text/plain", "stopped\n");
        else
            reply = response(404, "Not Found", "text/plain", "try /metrics or /healthz\n");
        if (method == "HEAD")
            reply = reply.left(reply.indexOf("\r\n\r\n") + 4);
        socket->write(reply);
        socket->disconnectFromHost();
    });
}

} // namespace ingress::proxy
