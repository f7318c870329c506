#pragma once

namespace ingress::proxy {

// Who is reading from and writing to a ClientStream (ProxyConnection, or a test server). Plain
// virtual calls rather than Qt signals: one client stream has exactly one user, and a call per
// readable event is cheaper than a signal emission.
class ClientStreamUser {
public:
    // Bytes may be read (or the peer closed: the next read() returns 0 and clientEnded() or
    // clientGone() follows if nothing is left).
    virtual void clientReadable() = 0;
    // Buffered output made progress; ClientStream::pendingOutput() may be 0 now.
    virtual void clientWritten() = 0;
    // The peer ended its sending side (TCP FIN, TLS close_notify) after everything it sent was
    // read: nothing more to read, but the stream still writes. A half-closed client (`nc -N`,
    // `shutdown(SHUT_WR)` after a request) still reads its response; after shutdownWrite() the
    // stream reports clientGone().
    virtual void clientEnded() = 0;
    // The peer reset the connection, a read or write failed, or both directions are done. No
    // call follows.
    virtual void clientGone() = 0;

protected:
    ~ClientStreamUser() = default;
};

} // namespace ingress::proxy
