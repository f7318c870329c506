#pragma once

// Loopback helpers for GUI tests that serve real requests: an upstream that answers "ok", and
// a free port to put in a document (the validator refuses port 0 there).

#include <QTcpServer>
#include <QTcpSocket>

namespace ingress::ui::testing {

// Answers every request with 200 and the body "ok".
class OkUpstream : public QTcpServer {
public:
    OkUpstream() {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [s] {
                    if (s->readAll().contains("\r\n\r\n"))
                        s->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                });
            }
        });
    }
};

// A port nothing listens on once this returns (borrowed from the OS, closed again).
inline quint16 freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace ingress::ui::testing
