#pragma once

#include <atomic>
#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QString>
#include <QThread>

class QTcpServer;

namespace ingress::test {

// A small HTTP/1.1 origin for the proxy tests, on 127.0.0.1 port 0 in a thread of its own (so
// tests may block on their client sockets). It answers with its own name and echoes what it got;
// special paths exercise the proxy's edge cases:
//   /echo           body = the request body          /count       body = "bytes=N"
//   /download?N     N bytes of 'x' (streamed)        /chunked     a chunked response
//   /status/NNN     that status                      /close       body until close, no length
//   /slow/MS[?N]    answers after MS ms ("slow", or  /stall       never answers
//                   N bytes of 'x')
//   /garbage        a malformed response             /ws          101, then echoes raw bytes
//   /own-fields     200 with its own Access-Control-Allow-Origin, Vary, X-Frame-Options and
//                   Strict-Transport-Security
//   /health         setHealthStatus()'s status (200 unless set): a health check to fail at will
// Other paths answer 200 with the head received and `X-Body-Bytes` (the body's length).
// Every request head it receives is kept, as received, for assertions.
class TestBackend {
public:
    explicit TestBackend(QString name);
    ~TestBackend();

    quint16 port() const { return m_port; }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    QString name() const { return m_name; }
    int connections() const { return m_connections.load(); }
    int requests() const { return m_requests.load(); }
    QList<QByteArray> heads() const;
    QByteArray lastHead() const;
    // The bodies of the /echo requests it answered, in order.
    QList<QByteArray> echoedBodies() const;
    void reset();
    void setHealthStatus(int status) { m_healthStatus.store(status); }
    int healthStatus() const { return m_healthStatus.load(); }

    // Used by the backend's connections.
    void recordHead(const QByteArray &head);
    void recordEchoedBody(const QByteArray &body);
    std::atomic<int> m_connections{0};
    std::atomic<int> m_requests{0};
    std::atomic<int> m_healthStatus{200};

private:
    QString m_name;
    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread: target of invokeMethod
    QTcpServer *m_server = nullptr;
    quint16 m_port = 0;
    mutable QMutex m_mutex;
    QList<QByteArray> m_heads;
    QList<QByteArray> m_echoedBodies;
};

} // namespace ingress::test
