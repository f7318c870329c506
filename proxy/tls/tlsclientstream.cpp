#include "proxy/tls/tlsclientstream.h"

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <QTimerEvent>

namespace ingress::proxy {

namespace {

// OpenSSL's socket BIO writes with write(), not send(MSG_NOSIGNAL): a client that is gone
// would kill the process with SIGPIPE. Like nginx, ignore it once, before the first connection.
void ignoreSigpipe() {
    static const bool once = [] {
        std::signal(SIGPIPE, SIG_IGN);
        return true;
    }();
    (void)once;
}

int clamp(qint64 size) {
    return int(std::min<qint64>(size, INT_MAX));
}

// SSL_get_error() is only right with an empty error queue, so one is needed before every call;
// but ERR_clear_error() wipes all 16 slots each time (a few hundred instructions, ~3 % of a
// keep-alive request), while the queue is almost always empty already: peek first.
void clearErrors() {
    if (ERR_peek_error() != 0)
        ERR_clear_error();
}

} // namespace

TlsClientStream::TlsClientStream(int descriptor, TlsListenerContextPtr context, IoReactor &reactor,
                                 QObject *parent)
    : TcpClientStream(descriptor, reactor, parent), m_context(std::move(context)) {
    ignoreSigpipe();
    m_ssl = m_context ? m_context->newConnection() : nullptr;
    if (m_ssl) {
        SSL_set_fd(m_ssl, descriptor);
        SSL_set_accept_state(m_ssl);
        // OpenSSL's reads of the socket tell the reactor when they emptied it.
        BIO *bio = SSL_get_rbio(m_ssl);
        BIO_set_callback_arg(bio, reinterpret_cast<char *>(this));
        BIO_set_callback_ex(bio, &TlsClientStream::onSocketRead);
    }
}

long TlsClientStream::onSocketRead(BIO *bio, int operation, const char *, std::size_t length, int,
                                   long, int ret, std::size_t *processed) {
    // With read-ahead OpenSSL asks the socket for a whole buffer: a read that brings less
    // emptied the kernel's queue, so the next SSL_read() with nothing buffered could only end
    // in EAGAIN and the stream skips it (TcpClientStream::read). That was one recv() per
    // request.
    if (operation == (BIO_CB_READ | BIO_CB_RETURN) &&
        (ret > 0 ? processed && *processed < length : BIO_should_retry(bio)))
        reinterpret_cast<TlsClientStream *>(BIO_get_callback_arg(bio))->readDrained();
    return ret;
}

TlsClientStream::~TlsClientStream() {
    SSL_free(m_ssl); // does not close the descriptor (the base does)
}

void TlsClientStream::startHandshake(std::chrono::milliseconds timeout,
                                     ConnectionWrapper::Ready ready,
                                     ConnectionWrapper::Failed failed) {
    m_ready = std::move(ready);
    m_failed = std::move(failed);
    if (!m_ssl)
        return handshakeFailed(QStringLiteral("TLS handshake failed: no certificate"));
    m_handshaking = true;
    m_timer = startTimer(timeout);
    handshake(); // the ClientHello is often there already
}

void TlsClientStream::handshake() {
    clearErrors();
    errno = 0;
    const int ret = SSL_do_handshake(m_ssl);
    if (ret == 1) {
        m_handshaking = false;
        killTimer(std::exchange(m_timer, 0));
        watchWrite(false);
        watchRead(true);
        m_failed = nullptr;
        // With read-ahead the client's first request may already sit in OpenSSL's buffer, read
        // along with its Finished: the socket will not signal it again. The user is called
        // for it after ready(), like for bytes in the kernel.
        if (SSL_has_pending(m_ssl))
            inputBuffered();
        auto ready = std::move(m_ready);
        ready(this); // may abort or reparent us: nothing below
        return;
    }
    const int error = SSL_get_error(m_ssl, ret);
    switch (error) {
    case SSL_ERROR_WANT_READ:
        watchWrite(false);
        waitReadable();
        return;
    case SSL_ERROR_WANT_WRITE:
        waitWritable();
        return;
    case SSL_ERROR_SSL: {
        const unsigned long code = ERR_peek_last_error();
        const char *reason = code ? ERR_reason_error_string(code) : nullptr;
        return handshakeFailed(QStringLiteral("TLS handshake failed: %1")
                                   .arg(reason ? QLatin1String(reason) : QLatin1String("error")));
    }
    default: // SYSCALL with errno 0 or ZERO_RETURN: the peer went away
        return handshakeFailed(
            errno ? QStringLiteral("TLS handshake failed: %1")
                        .arg(QString::fromLocal8Bit(std::strerror(errno)))
                  : QStringLiteral("the client closed the connection during the TLS handshake"));
    }
}

void TlsClientStream::handshakeFailed(const QString &reason) {
    if (!m_failed)
        return; // already reported
    m_handshaking = false;
    m_broken = true;
    if (m_timer)
        killTimer(std::exchange(m_timer, 0));
    ERR_clear_error();
    abort();
    auto failed = std::move(m_failed);
    m_failed = nullptr;
    m_ready = nullptr;
    deleteLater();
    failed(reason); // may delete our parent, and us with it: nothing below
}

void TlsClientStream::timerEvent(QTimerEvent *event) {
    if (event->timerId() == m_timer)
        handshakeFailed(QStringLiteral("TLS handshake timed out"));
}

void TlsClientStream::readyRead() {
    if (m_handshaking)
        handshake();
    else
        TcpClientStream::readyRead();
}

void TlsClientStream::readyWrite() {
    if (m_handshaking)
        handshake();
    else
        TcpClientStream::readyWrite();
}

TcpClientStream::IoResult TlsClientStream::result(int ret) {
    switch (SSL_get_error(m_ssl, ret)) {
    case SSL_ERROR_WANT_READ:
        return {0, Io::WantRead};
    case SSL_ERROR_WANT_WRITE:
        return {0, Io::WantWrite};
    case SSL_ERROR_ZERO_RETURN:
        return {0, Io::Closed};
    default:
        m_broken = true;
        ERR_clear_error();
        return {0, Io::Failed};
    }
}

TcpClientStream::IoResult TlsClientStream::readSome(char *data, qint64 maxSize) {
    if (m_broken || m_handshaking)
        return {0, m_broken ? Io::Failed : Io::WantRead};
    clearErrors();
    // WANT_READ only when OpenSSL holds no complete record (read-ahead keeps the rest of what
    // one recv() brought and returns it first), so waiting for the socket is then right. The
    // user reads until 0 or resumes reading by itself (ClientStream), like unread bytes it
    // keeps in its own buffer: nothing buffered here is waited on.
    const int n = SSL_read(m_ssl, data, clamp(maxSize));
    return n > 0 ? IoResult{n, Io::Done} : result(n);
}

bool TlsClientStream::hasBufferedInput() const {
    // Decrypted bytes the user has not taken, or record bytes OpenSSL has read ahead.
    return m_ssl && (SSL_pending(m_ssl) > 0 || SSL_has_pending(m_ssl) == 1);
}

TcpClientStream::IoResult TlsClientStream::writeSome(const char *data, qint64 size) {
    if (m_broken || m_handshaking)
        return {0, m_broken ? Io::Failed : Io::WantWrite};
    clearErrors();
    const int n = SSL_write(m_ssl, data, clamp(size));
    return n > 0 ? IoResult{n, Io::Done} : result(n);
}

void TlsClientStream::sendShutdown() {
    if (!m_broken && !m_handshaking) {
        clearErrors();
        const int ret = SSL_shutdown(m_ssl); // close_notify
        if (ret < 0 && SSL_get_error(m_ssl, ret) == SSL_ERROR_WANT_WRITE) {
            m_shutdownPending = true; // retried when writable
            waitWritable();
            return;
        }
        clearErrors();
    }
    TcpClientStream::sendShutdown();
}

} // namespace ingress::proxy
