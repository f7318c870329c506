#include "tlshandshake.h"

#include "clienthelloparser.h"

#include <cerrno>
#include <cstring>
#include <QSocketNotifier>
#include <QSslSocket>
#include <sys/socket.h>
#include <unistd.h>

namespace ingress::proxy {

TlsHandshake::TlsHandshake(qintptr descriptor, TlsListenerContextPtr context,
                           std::chrono::milliseconds timeout, ConnectionWrapper::Ready ready,
                           ConnectionWrapper::Failed failed, QObject *parent)
    : QObject(parent), m_descriptor(descriptor), m_context(std::move(context)),
      m_ready(std::move(ready)), m_failed(std::move(failed)) {
    m_deadline.setSingleShot(true);
    m_deadline.setInterval(timeout);
    connect(&m_deadline, &QTimer::timeout, this,
            [this] { fail(QStringLiteral("TLS handshake timed out")); });
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        m_notifier->setEnabled(true);
        peek();
    });
}

TlsHandshake::~TlsHandshake() {
    delete m_notifier;
    if (m_descriptor >= 0)
        ::close(int(m_descriptor));
    delete m_socket.data(); // not handed over: still ours
}

void TlsHandshake::start() {
    m_deadline.start();
    m_notifier = new QSocketNotifier(m_descriptor, QSocketNotifier::Read);
    connect(m_notifier, &QSocketNotifier::activated, this, &TlsHandshake::peek);
    peek(); // the ClientHello is often there already
}

void TlsHandshake::peek() {
    QByteArray buffer(ClientHello::maxPeekSize, Qt::Uninitialized);
    const ssize_t n = ::recv(int(m_descriptor), buffer.data(), std::size_t(buffer.size()),
                             MSG_PEEK | MSG_DONTWAIT);
    if (n == 0)
        return fail(QStringLiteral("the client closed the connection before the TLS handshake"));
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return;
        return fail(QStringLiteral("cannot read the ClientHello: %1")
                        .arg(QString::fromLocal8Bit(std::strerror(errno))));
    }
    buffer.truncate(n);
    const ClientHello hello = ClientHello::parse(buffer);
    switch (hello.status) {
    case ClientHello::Status::Complete:
        return handOver(hello.serverName);
    case ClientHello::Status::NeedMore:
        // Peeked bytes stay readable, so the notifier would fire at once again: back off
        // instead of spinning until the rest arrives or the deadline passes.
        m_notifier->setEnabled(false);
        m_retryDelayMs = qBound(2, m_retryDelayMs * 2, 100);
        m_retry.start(m_retryDelayMs);
        return;
    case ClientHello::Status::NotTls:
    case ClientHello::Status::Malformed:
    case ClientHello::Status::TooLarge:
        return fail(hello.error);
    }
}

void TlsHandshake::handOver(const QString &serverName) {
    const QSslConfiguration *config = m_context->configFor(serverName);
    if (!config)
        return fail(QStringLiteral("no certificate for '%1'").arg(serverName));
    // Qt allows one notifier per descriptor and direction: ours goes before the socket's.
    delete m_notifier;
    m_notifier = nullptr;
    m_retry.stop();
    m_socket = new QSslSocket;
    m_socket->setSslConfiguration(*config);
    const qintptr descriptor = std::exchange(m_descriptor, -1);
    if (!m_socket->setSocketDescriptor(descriptor)) {
        ::close(int(descriptor));
        return fail(m_socket->errorString());
    }
    connect(m_socket, &QSslSocket::encrypted, this, &TlsHandshake::succeed);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this] {
        fail(QStringLiteral("TLS handshake failed: %1").arg(m_socket->errorString()));
    });
    m_socket->startServerEncryption();
}

void TlsHandshake::succeed() {
    QSslSocket *socket = m_socket.data();
    m_deadline.stop();
    socket->disconnect(this);
    socket->setParent(parent());
    m_socket.clear();
    auto ready = std::move(m_ready);
    deleteLater();
    ready(socket); // may delete `this` (through the parent): nothing below
}

void TlsHandshake::fail(const QString &reason) {
    if (!m_failed)
        return; // already reported
    m_deadline.stop();
    m_retry.stop();
    delete m_notifier;
    m_notifier = nullptr;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater(); // we may be inside one of its signals
        m_socket.clear();
    }
    if (m_descriptor >= 0)
        ::close(int(std::exchange(m_descriptor, -1)));
    auto failed = std::move(m_failed);
    m_failed = nullptr;
    deleteLater();
    failed(reason); // may delete `this` (through the parent): nothing below
}

} // namespace ingress::proxy
