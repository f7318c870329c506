#pragma once

#include "connectionwrapper.h"
#include "tlslistenercontext.h"

#include <chrono>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QSocketNotifier;
class QSslSocket;

namespace ingress::proxy {

// One incoming HTTPS connection until its handshake is done. Waits (without blocking the
// worker) for the whole ClientHello with MSG_PEEK, so the bytes stay in the kernel for
// QSslSocket; picks the certificate by SNI; starts the server handshake; reports ready()
// with the encrypted socket or failed() with a reason, exactly once, within the timeout.
class TlsHandshake : public QObject {
    Q_OBJECT
public:
    TlsHandshake(qintptr descriptor, TlsListenerContextPtr context,
                 std::chrono::milliseconds timeout, ConnectionWrapper::Ready ready,
                 ConnectionWrapper::Failed failed, QObject *parent);
    ~TlsHandshake() override;

    void start();

private:
    void peek();
    void handOver(const QString &serverName);
    void fail(const QString &reason);
    void succeed();

    qintptr m_descriptor; // ours until handed to the QSslSocket, then -1
    TlsListenerContextPtr m_context;
    ConnectionWrapper::Ready m_ready;
    ConnectionWrapper::Failed m_failed;
    QSocketNotifier *m_notifier = nullptr;
    QPointer<QSslSocket> m_socket;
    QTimer m_deadline;
    QTimer m_retry;
    int m_retryDelayMs = 0;
};

} // namespace ingress::proxy
