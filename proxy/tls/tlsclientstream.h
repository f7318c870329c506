#pragma once

#include "proxy/connectionwrapper.h"
#include "proxy/tcpclientstream.h"
#include "proxy/tls/tlslistenercontext.h"

#include <chrono>
#include <cstddef>
#include <openssl/types.h>

namespace ingress::proxy {

// TLS terminated with OpenSSL on the worker thread: SSL_read()/SSL_write() on the accepted
// descriptor itself (SSL_set_fd), driven by the same reactor watch as plain TCP. The
// handshake runs inside the stream, non-blocking; the certificate is picked by OpenSSL's
// servername callback (TlsListenerContext). Never parked: the session lives in the SSL object.
class TlsClientStream final : public TcpClientStream {
public:
    TlsClientStream(int descriptor, TlsListenerContextPtr context, IoReactor &reactor,
                    QObject *parent);
    ~TlsClientStream() override;

    // Runs the server handshake; calls exactly one of ready/failed, within `timeout` (a client
    // that sends nothing, half a ClientHello or stalls is dropped then). After failed() the
    // stream deletes itself later; ready() hands it over.
    void startHandshake(std::chrono::milliseconds timeout, ConnectionWrapper::Ready ready,
                        ConnectionWrapper::Failed failed);

    bool parkable() const override { return false; }
    SSL *ssl() const { return m_ssl; }

protected:
    IoResult readSome(char *data, qint64 maxSize) override;
    bool hasBufferedInput() const override;
    IoResult writeSome(const char *data, qint64 size) override;
    void readyRead() override;
    void readyWrite() override;
    void sendShutdown() override;
    void timerEvent(QTimerEvent *event) override;

private:
    static long onSocketRead(BIO *bio, int operation, const char *data, std::size_t length,
                             int argi, long argl, int ret, std::size_t *processed);
    void handshake();
    void handshakeFailed(const QString &reason);
    IoResult result(int ret);

    TlsListenerContextPtr m_context; // keeps the SSL_CTXs' callback data alive
    SSL *m_ssl = nullptr;
    int m_timer = 0;
    bool m_handshaking = false;
    bool m_broken = false; // a fatal TLS error: no close_notify may follow
    ConnectionWrapper::Ready m_ready;
    ConnectionWrapper::Failed m_failed;
};

} // namespace ingress::proxy
