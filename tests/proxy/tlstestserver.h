#pragma once

#include "tls/tlsconnectionwrapper.h"

#include <chrono>
#include <memory>
#include <QSslSocket>
#include <QStringList>
#include <QTcpServer>

// A minimal HTTPS server over the real TLS acceptor: accepts, wraps each descriptor with
// TlsConnectionWrapper, and answers any request with "hello <SNI certificate CN>". Records why
// handshakes failed so tests can check that the server, not only the client, gave up.
class TlsTestServer : public QTcpServer {
public:
    TlsTestServer(ingress::proxy::TlsListenerContextPtr context, std::chrono::milliseconds timeout)
        : m_wrapper(std::move(context), timeout) {}

    QStringList failures;
    int handshakes = 0;

protected:
    void incomingConnection(qintptr descriptor) override {
        m_wrapper.wrap(
            descriptor, this, [this](QTcpSocket *socket) { serve(socket); },
            [this](const QString &reason) { failures << reason; });
    }

private:
    void serve(QTcpSocket *socket) {
        ++handshakes;
        auto *ssl = qobject_cast<QSslSocket *>(socket);
        const QString cn =
            ssl ? ssl->localCertificate().subjectInfo(QSslCertificate::CommonName).value(0)
                : QStringLiteral("plain");
        auto buffer = std::make_shared<QByteArray>();
        auto answer = [socket, cn, buffer] {
            *buffer += socket->readAll();
            if (!buffer->contains("\r\n\r\n"))
                return;
            buffer->clear();
            const QByteArray body = "hello " + cn.toUtf8() + "\n";
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                          QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
            socket->disconnectFromHost();
        };
        connect(socket, &QIODevice::readyRead, socket, answer);
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        answer(); // data may have arrived with the handshake
    }

    ingress::proxy::TlsConnectionWrapper m_wrapper;
};
