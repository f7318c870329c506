#pragma once

#include "proxy/clientstream.h"
#include "proxy/iohandler.h"
#include "proxy/iowatch.h"

namespace ingress::proxy {

// A client stream on a raw non-blocking TCP descriptor, watched by the worker's IoReactor. Also the
// transport half of TlsClientStream, which replaces readSome()/writeSome() with SSL_read()/
// SSL_write() on the same descriptor and takes the descriptor's events during its handshake.
//
// Reading is watched while the user reads; a readable event the user does not read (an
// exchange is in progress, backpressure) stops the watch until the next read(), so a pipelined
// request waiting in the kernel does not wake the loop over and over. A peer that closes
// meanwhile is still noticed: that event peeks for EOF before the watch stops. The
// peer's EOF ends reading only (clientEnded()); writing goes on until shutdownWrite() or abort().
class TcpClientStream : public ClientStream, private IoHandler {
public:
    // Adopts `descriptor`: makes it non-blocking, sets TCP_NODELAY and watches it for reading
    // in `reactor` (the current thread's).
    TcpClientStream(int descriptor, IoReactor &reactor, QObject *parent);
    ~TcpClientStream() override;

    qint64 read(char *data, qint64 maxSize) override;
    void write(const char *data, qint64 size) override;
    qint64 pendingOutput() const override { return m_out.size() - m_outPos; }
    void shutdownWrite() override;
    void abort() override;
    bool parkable() const override { return true; }
    int releaseDescriptor() override;
    int descriptor() const override { return m_fd; }
    QHostAddress peerAddress() const override;

protected:
    enum class Io { Done, WantRead, WantWrite, Closed, Failed };
    struct IoResult {
        qint64 bytes = 0; // > 0 when Done
        Io status = Io::Done;
    };
    // One non-blocking transfer on the transport.
    virtual IoResult readSome(char *data, qint64 maxSize);
    // Bytes read from the descriptor but not by the user yet (TLS: inside OpenSSL).
    virtual bool hasBufferedInput() const { return false; }
    virtual IoResult writeSome(const char *data, qint64 size);
    // The descriptor's events (a TLS handshake in progress takes them first).
    virtual void readyRead();
    virtual void readyWrite();
    // Our direction ends once everything is flushed: FIN here, close_notify first over TLS.
    virtual void sendShutdown();

    void watchRead(bool on);
    void watchWrite(bool on);
    // A transfer found the kernel empty / full: watch for the edge that ends it.
    void waitReadable();
    void waitWritable();
    // What the transport learnt of the kernel's receive queue: emptied by its last read / bytes
    // wait in the transport's own buffer (TLS read-ahead).
    void readDrained() { m_watch.readDrained(); }
    void inputBuffered() { m_watch.markReadable(); }
    // The user learns of the peer's EOF / of the end on the next event-loop pass, never inside
    // a call.
    void scheduleEnded();
    void scheduleGone();
    bool isClosed() const { return m_fd < 0; }

    bool m_shutdownPending = false; // shutdownWrite() waits for output (or for TLS to send)

private:
    void ioReadable() override { readyRead(); }
    void ioWritable() override { readyWrite(); }
    void flush();
    // After a write that did not finish: watch for what it waits on (writable, or readable
    // for TLS); false when the connection failed instead.
    bool awaitWritable(Io status);
    void stopWatching();

    int m_fd;
    IoWatch m_watch;
    QByteArray m_out; // what the kernel did not take yet, from m_outPos
    qsizetype m_outPos = 0;
    bool m_readCalled = false;     // the user read during the current readable event
    bool m_readWantsWrite = false; // TLS: a read waits for the descriptor to be writable
    bool m_writeWantsRead = false; // TLS: a write waits for it to be readable
    bool m_eof = false;            // nothing more to read (the peer's EOF, or an error)
    bool m_goneScheduled = false;
    bool m_writeShut = false;
};

} // namespace ingress::proxy
