#pragma once

#include "proxy/clientstreamuser.h"

#include <optional>
#include <QByteArray>
#include <QHostAddress>
#include <QObject>

namespace ingress::proxy {

// The client side of a connection as the HTTP code sees it: a byte stream on one non-blocking
// descriptor, plain TCP (TcpClientStream) or TLS (TlsClientStream, proxy/tls/). It replaces
// QTcpSocket/QSslSocket there because those defer every write to the next event-loop pass and
// read through a ring buffer of their own, and because QSslSocket hides OpenSSL (no SNI
// callback, no shared session tickets; docs/tls.md).
//
// Reads go straight into the caller's buffer; writes go to the kernel at once and only what the
// kernel does not take is buffered and flushed when the descriptor is writable. The user is
// called back from the worker's event loop; it must not delete the stream inside a callback
// (deleteLater() or abort() instead).
class ClientStream : public QObject {
public:
    using QObject::QObject;

    void setUser(ClientStreamUser *user) { m_user = user; }

    // Up to `maxSize` bytes into `data`. 0 when nothing can be read now (the user is called
    // back when there is more) or the peer closed (clientEnded() or clientGone() follows).
    virtual qint64 read(char *data, qint64 maxSize) = 0;
    // Takes all of it: written through as far as the kernel accepts, the rest buffered.
    virtual void write(const char *data, qint64 size) = 0;
    void write(const QByteArray &data) { write(data.constData(), data.size()); }
    // Two pieces as one write when they are small together (a response head and its first
    // body bytes): one syscall and one TCP segment, one TLS record, instead of two.
    void write(const char *first, qint64 firstSize, const char *second, qint64 secondSize);
    // Bytes accepted by write() that have not reached the kernel yet.
    virtual qint64 pendingOutput() const = 0;
    // Ends our direction once pendingOutput() is 0: TLS sends close_notify first. Later reads
    // discard what arrives (lingering close), until the peer closes; a peer that has ended its
    // side already is gone at once.
    virtual void shutdownWrite() = 0;
    // Closes the descriptor now; no further callbacks.
    virtual void abort() = 0;
    // Whether the connection can be parked: its whole state is the descriptor (plain TCP).
    virtual bool parkable() const = 0;
    // Gives the descriptor up without closing it (parking); the stream is dead afterwards.
    virtual int releaseDescriptor() = 0;
    virtual int descriptor() const = 0;
    virtual QHostAddress peerAddress() const = 0;
    // Whom the connection is for: the address a PROXY protocol header named (set by
    // proxy/proxyprotocol/ before the stream is handed over), otherwise the TCP peer.
    void setClaimedAddress(const QHostAddress &address) { m_claimed = address; }
    bool hasClaimedAddress() const { return m_claimed.has_value(); }
    QHostAddress clientAddress() const { return m_claimed ? *m_claimed : peerAddress(); }

protected:
    ClientStreamUser *m_user = nullptr;

private:
    // Optional: a default QHostAddress allocates, and most streams never claim one.
    std::optional<QHostAddress> m_claimed;
};

} // namespace ingress::proxy
