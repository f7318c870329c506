#pragma once

#include <atomic>
#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QString>
#include <QThread>

class QTcpServer;
class QTcpSocket;

namespace ingress::test {

// A fake external authentication service for tst_proxyexternalauth, on 127.0.0.1 port 0 in a
// thread of its own (the tests block on their clients). It answers by the `answer` query
// parameter of the question's path: ok (200 with X-Auth-User, X-Auth-Email, X-Other), bare
// (204), 401 (chunked, WWW-Authenticate, Keep-Alive), 403, 403framed (its own
// X-Frame-Options), 403close (a body ended by the close), 302, garbage (a malformed status
// line), huge (a 70,000-byte body), stall (never answers); then closes, as asked. It keeps
// every question's head, counts the bytes that came after one (a body would) and the stalled
// connections the proxy closed.
class FakeAuthService {
public:
    FakeAuthService();
    ~FakeAuthService();

    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    QList<QByteArray> heads() const;
    QByteArray lastHead() const;
    void reset();
    int bytesAfterHeads() const { return m_bytesAfterHeads.load(); }
    int stallsClosed() const { return m_stallsClosed.load(); }

private:
    void serve(QTcpSocket *socket);

    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread: target of invokeMethod
    QTcpServer *m_server = nullptr;
    quint16 m_port = 0;
    mutable QMutex m_mutex;
    QList<QByteArray> m_heads;
    std::atomic<int> m_bytesAfterHeads{0};
    std::atomic<int> m_stallsClosed{0};
};

} // namespace ingress::test
