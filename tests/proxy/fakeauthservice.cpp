#include "tests/proxy/fakeauthservice.h"

#include <memory>
#include <QTcpServer>
#include <QTcpSocket>

namespace ingress::test {

namespace {

// What the fake service answers, by the `answer` query parameter of the question's path.
QByteArray answerFor(const QByteArray &target) {
    const QByteArray answer = target.mid(target.indexOf("answer=") + 7);
    if (answer == "ok")
        return "HTTP/1.1 200 OK\r\nX-Auth-User: alice\r\nX-Auth-Email: alice@example.com\r\n"
               "X-Other: not-copied\r\nContent-Length: 2\r\n\r\nok";
    if (answer == "bare")
        return "HTTP/1.1 204 No Content\r\n\r\n";
    if (answer == "401")
        return "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"studio\"\r\n"
               "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
               "Keep-Alive: timeout=5\r\n\r\ne\r\nplease log in\n\r\n0\r\n\r\n";
    if (answer == "403")
        return "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\n"
               "forbidden here";
    if (answer == "403framed")
        return "HTTP/1.1 403 Forbidden\r\nX-Frame-Options: SAMEORIGIN\r\nContent-Length: 0\r\n\r\n";
    if (answer == "403close")
        return "HTTP/1.1 403 Forbidden\r\n\r\nuntil close";
    if (answer == "302")
        return "HTTP/1.1 302 Found\r\nLocation: https://login.example.com/start\r\n"
               "Content-Length: 0\r\n\r\n";
    if (answer == "garbage")
        return "HTTP/1.1 2x0 Nonsense\r\n\r\n";
    if (answer == "huge")
        return "HTTP/1.1 403 Forbidden\r\nContent-Length: 70000\r\n\r\n" + QByteArray(70000, 'x');
    return {}; // "stall": never answers
}

} // namespace

FakeAuthService::FakeAuthService() {
    m_thread.setObjectName(QStringLiteral("fake-auth"));
    m_thread.start();
    // Created and listening on its own thread, so that its sockets live there.
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            m_server = new QTcpServer;
            QObject::connect(m_server, &QTcpServer::newConnection, m_server, [this] {
                while (QTcpSocket *s = m_server->nextPendingConnection())
                    serve(s);
            });
            m_server->listen(QHostAddress::LocalHost, 0);
            m_port = m_server->serverPort();
        },
        Qt::BlockingQueuedConnection);
}

FakeAuthService::~FakeAuthService() {
    QMetaObject::invokeMethod(
        m_context, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
    m_context->deleteLater();
    m_thread.quit();
    m_thread.wait();
}

QList<QByteArray> FakeAuthService::heads() const {
    QMutexLocker lock(&m_mutex);
    return m_heads;
}

QByteArray FakeAuthService::lastHead() const {
    QMutexLocker lock(&m_mutex);
    return m_heads.isEmpty() ? QByteArray() : m_heads.last();
}

void FakeAuthService::reset() {
    QMutexLocker lock(&m_mutex);
    m_heads.clear();
    m_bytesAfterHeads = 0;
}

void FakeAuthService::serve(QTcpSocket *socket) {
    auto buffer = std::make_shared<QByteArray>();
    auto stalled = std::make_shared<bool>(false);
    QObject::connect(socket, &QIODevice::readyRead, socket, [this, socket, buffer, stalled] {
        const bool answered = buffer->contains("\r\n\r\n");
        const QByteArray bytes = socket->readAll();
        if (answered) {
            m_bytesAfterHeads.fetch_add(int(bytes.size()));
            return;
        }
        *buffer += bytes;
        const qsizetype end = buffer->indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = buffer->left(end + 4);
        m_bytesAfterHeads.fetch_add(int(buffer->size() - head.size()));
        {
            QMutexLocker lock(&m_mutex);
            m_heads << head;
        }
        const QByteArray answer = answerFor(head.split(' ').value(1));
        if (answer.isEmpty()) {
            *stalled = true;
            return;
        }
        socket->write(answer);
        socket->disconnectFromHost(); // as asked: Connection: close
    });
    QObject::connect(socket, &QAbstractSocket::disconnected, socket, [this, socket, stalled] {
        if (*stalled)
            m_stallsClosed.fetch_add(1);
        socket->deleteLater();
    });
}

} // namespace ingress::test
