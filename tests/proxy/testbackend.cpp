#include "tests/proxy/testbackend.h"

#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace ingress::test {

namespace {

// One backend connection: a deliberately simple, independent HTTP/1.1 reader (it shares no
// code with the proxy, so it can catch the proxy's framing mistakes).
class BackendConnection : public QObject {
public:
    BackendConnection(TestBackend *backend, QTcpSocket *socket)
        : QObject(socket), m_backend(backend), m_socket(socket) {
        connect(socket, &QIODevice::readyRead, this, &BackendConnection::onRead);
        connect(socket, &QIODevice::bytesWritten, this, &BackendConnection::onWritten);
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    }

private:
    enum class State { Head, Body, Responding, Tunnel, Stalled };

    void onRead() {
        m_buffer += m_socket->readAll();
        for (;;) {
            if (m_state == State::Tunnel) {
                m_socket->write(m_buffer);
                m_buffer.clear();
                return;
            }
            if (m_state == State::Head) {
                const qsizetype end = m_buffer.indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                m_head = m_buffer.left(end + 4);
                m_buffer.remove(0, end + 4);
                m_backend->recordHead(m_head);
                m_backend->m_requests.fetch_add(1);
                parseHead();
                if (m_expectContinue && m_bodyMode != Body::None)
                    m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                m_state = State::Body;
                m_body.clear();
                m_bodyCount = 0;
            }
            if (m_state == State::Body) {
                if (!consumeBody())
                    return;
                respond();
                if (m_state == State::Responding || m_state == State::Stalled ||
                    m_state == State::Tunnel)
                    return;
                continue;
            }
            return;
        }
    }

    enum class Body { None, Length, Chunked };

    QByteArray header(const char *name) const {
        const QList<QByteArray> lines = m_head.split('\n');
        for (const QByteArray &line : lines) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().toLower() == QByteArray(name))
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }

    void parseHead() {
        const QByteArray firstLine = m_head.left(m_head.indexOf("\r\n"));
        const QList<QByteArray> parts = firstLine.split(' ');
        m_method = parts.value(0);
        m_target = parts.value(1);
        m_bodyMode = Body::None;
        m_remaining = 0;
        if (header("transfer-encoding").toLower().contains("chunked")) {
            m_bodyMode = Body::Chunked;
            m_chunkState = 0;
        } else if (!header("content-length").isEmpty()) {
            m_remaining = header("content-length").toLongLong();
            m_bodyMode = m_remaining > 0 ? Body::Length : Body::None;
        }
        m_expectContinue = header("expect").toLower() == "100-continue";
        m_keepBody = m_target.startsWith("/echo");
    }

    void takeBody(const QByteArray &bytes) {
        m_bodyCount += bytes.size();
        if (m_keepBody)
            m_body += bytes;
    }

    // True when the whole body is in.
    bool consumeBody() {
        if (m_bodyMode == Body::None)
            return true;
        if (m_bodyMode == Body::Length) {
            const qsizetype n = qsizetype(qMin<qint64>(m_remaining, m_buffer.size()));
            takeBody(m_buffer.left(n));
            m_buffer.remove(0, n);
            m_remaining -= n;
            return m_remaining == 0;
        }
        for (;;) { // chunked: 0 size line, 1 data, 2 CRLF after data, 3 trailers
            if (m_chunkState == 0 || m_chunkState == 3) {
                const qsizetype eol = m_buffer.indexOf("\r\n");
                if (eol < 0)
                    return false;
                const QByteArray line = m_buffer.left(eol);
                m_buffer.remove(0, eol + 2);
                if (m_chunkState == 3) {
                    if (line.isEmpty())
                        return true;
                    continue;
                }
                bool ok = false;
                m_remaining = line.split(';').value(0).toLongLong(&ok, 16);
                m_chunkState = m_remaining == 0 ? 3 : 1;
            } else if (m_chunkState == 1) {
                const qsizetype n = qsizetype(qMin<qint64>(m_remaining, m_buffer.size()));
                takeBody(m_buffer.left(n));
                m_buffer.remove(0, n);
                m_remaining -= n;
                if (m_remaining > 0)
                    return false;
                m_chunkState = 2;
            } else {
                if (m_buffer.size() < 2)
                    return false;
                m_buffer.remove(0, 2);
                m_chunkState = 0;
            }
        }
    }

    void send(int status, const QByteArray &body, const QByteArray &extra = {}) {
        QByteArray r = "HTTP/1.1 " + QByteArray::number(status) + " Whatever\r\n";
        r += "X-Backend: " + m_backend->name().toUtf8() + "\r\n";
        r += "Content-Length: " + QByteArray::number(body.size()) + "\r\n" + extra + "\r\n";
        if (m_method != "HEAD")
            r += body;
        m_socket->write(r);
        m_state = State::Head;
    }

    void respond() {
        const QByteArray t = m_target;
        if (t.startsWith("/echo")) {
            m_backend->recordEchoedBody(m_body);
            send(200, m_body);
        } else if (t.startsWith("/count")) {
            send(200, "bytes=" + QByteArray::number(m_bodyCount));
        } else if (t.startsWith("/download")) {
            m_downloadLeft = t.mid(t.indexOf('?') + 1).toLongLong();
            m_socket->write("HTTP/1.1 200 OK\r\nX-Backend: " + m_backend->name().toUtf8() +
                            "\r\nContent-Length: " + QByteArray::number(m_downloadLeft) +
                            "\r\n\r\n");
            m_state = State::Responding;
            onWritten();
        } else if (t.startsWith("/chunked")) {
            m_socket->write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Backend: " +
                            m_backend->name().toUtf8() +
                            "\r\n\r\n5\r\nhello\r\n1;ext=1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: "
                            "yes\r\n\r\n");
            m_state = State::Head;
        } else if (t.startsWith("/status/")) {
            send(t.mid(8, 3).toInt(), "status");
        } else if (t.startsWith("/close")) {
            m_socket->write("HTTP/1.1 200 OK\r\nX-Backend: " + m_backend->name().toUtf8() +
                            "\r\n\r\nuntil-close body");
            m_socket->disconnectFromHost();
            m_state = State::Stalled;
        } else if (t.startsWith("/slow/")) {
            m_state = State::Stalled;
            const qsizetype query = t.indexOf('?');
            const int delayMs = t.mid(6, query < 0 ? -1 : query - 6).toInt();
            const QByteArray body =
                query < 0 ? QByteArray("slow") : QByteArray(t.mid(query + 1).toInt(), 'x');
            QTimer::singleShot(delayMs, this, [this, body] {
                send(200, body);
                onRead();
            });
        } else if (t.startsWith("/own-fields")) {
            // Fields a policy may replace (CORS, security headers) or must keep (Vary).
            send(200, "own fields",
                 "Access-Control-Allow-Origin: https://backend.example\r\n"
                 "Vary: Accept-Encoding\r\nX-Frame-Options: ALLOWALL\r\n"
                 "Strict-Transport-Security: max-age=1\r\n");
        } else if (t == "/health") {
            send(m_backend->healthStatus(), "health");
        } else if (t.startsWith("/stall")) {
            m_state = State::Stalled;
        } else if (t.startsWith("/garbage")) {
            m_socket->write("HTTP/1.1 2OO NOPE\r\nthis is not http\r\n\r\n");
            m_socket->disconnectFromHost();
            m_state = State::Stalled;
        } else if (t.startsWith("/ws")) {
            m_socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                            "Connection: Upgrade\r\nSec-WebSocket-Accept: test\r\n\r\n");
            m_state = State::Tunnel;
        } else {
            // X-Body-Bytes lets tests check a body arrived whole without keeping it.
            send(200, "backend=" + m_backend->name().toUtf8() + "\n" + m_head,
                 "X-Body-Bytes: " + QByteArray::number(m_bodyCount) + "\r\n");
        }
    }

    void onWritten() {
        if (m_state != State::Responding)
            return;
        static const QByteArray block(64 * 1024, 'x');
        while (m_downloadLeft > 0 && m_socket->bytesToWrite() < 1024 * 1024) {
            const qint64 n = qMin<qint64>(m_downloadLeft, block.size());
            m_socket->write(block.constData(), n);
            m_downloadLeft -= n;
        }
        if (m_downloadLeft == 0) {
            m_state = State::Head;
            if (!m_buffer.isEmpty())
                QTimer::singleShot(0, this, [this] { onRead(); });
        }
    }

    TestBackend *m_backend;
    QTcpSocket *m_socket;
    State m_state = State::Head;
    QByteArray m_buffer, m_head, m_method, m_target, m_body;
    Body m_bodyMode = Body::None;
    qint64 m_remaining = 0, m_bodyCount = 0, m_downloadLeft = 0;
    int m_chunkState = 0;
    bool m_expectContinue = false, m_keepBody = false;
};

} // namespace

TestBackend::TestBackend(QString name) : m_name(std::move(name)) {
    m_thread.setObjectName(QStringLiteral("backend-") + m_name);
    m_thread.start();
    // Create and listen on the backend's own thread so its sockets live there.
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            m_server = new QTcpServer;
            QObject::connect(m_server, &QTcpServer::newConnection, m_server, [this] {
                while (QTcpSocket *s = m_server->nextPendingConnection()) {
                    m_connections.fetch_add(1);
                    new BackendConnection(this, s);
                }
            });
            m_server->listen(QHostAddress::LocalHost, 0);
            m_port = m_server->serverPort();
        },
        Qt::BlockingQueuedConnection);
}

TestBackend::~TestBackend() {
    QMetaObject::invokeMethod(
        m_context, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
    m_context->deleteLater();
    m_thread.quit();
    m_thread.wait();
}

void TestBackend::recordHead(const QByteArray &head) {
    QMutexLocker lock(&m_mutex);
    m_heads.append(head);
}

void TestBackend::recordEchoedBody(const QByteArray &body) {
    QMutexLocker lock(&m_mutex);
    m_echoedBodies.append(body);
}

QList<QByteArray> TestBackend::echoedBodies() const {
    QMutexLocker lock(&m_mutex);
    return m_echoedBodies;
}

QList<QByteArray> TestBackend::heads() const {
    QMutexLocker lock(&m_mutex);
    return m_heads;
}

QByteArray TestBackend::lastHead() const {
    QMutexLocker lock(&m_mutex);
    return m_heads.isEmpty() ? QByteArray() : m_heads.constLast();
}

void TestBackend::reset() {
    QMutexLocker lock(&m_mutex);
    m_heads.clear();
    m_echoedBodies.clear();
    m_requests = 0;
    m_connections = 0;
}

} // namespace ingress::test
