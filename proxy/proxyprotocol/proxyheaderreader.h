#pragma once

#include "proxy/connectionwrapper.h"
#include "proxy/iohandler.h"
#include "proxy/iowatch.h"

#include <chrono>
#include <memory>
#include <QObject>

namespace ingress::proxy {

// Reads one connection's PROXY protocol header (proxyheader.h) off its descriptor, then hands
// the descriptor to the listener's own wrapper (plain or TLS) with the header's client address
// on the stream it makes. The header is peeked at and then taken byte-exact, so whatever follows
// it (a request, or the TLS ClientHello) stays in the kernel for that wrapper.
//
// A child of the connection: if the connection goes first, so does the reader, closing the
// descriptor and calling nobody. Deletes itself once it has handed over or failed.
class ProxyHeaderReader final : public QObject, private IoHandler {
public:
    ProxyHeaderReader(int descriptor, IoReactor &reactor, QObject *parent,
                      std::shared_ptr<ConnectionWrapper> inner, ConnectionWrapper::Ready ready,
                      ConnectionWrapper::Failed failed);
    ~ProxyHeaderReader() override;

    // `timeout` bounds the wait for the whole header. May hand over or fail at once.
    void start(std::chrono::milliseconds timeout);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void ioReadable() override { readHeader(); }
    void ioWritable() override {}
    void readHeader();
    void fail(const QString &reason);

    int m_fd;
    IoReactor *m_reactor;
    IoWatch m_watch;
    // Shared: a reload may replace the listener's wrappers while this header is on its way.
    std::shared_ptr<ConnectionWrapper> m_inner;
    ConnectionWrapper::Ready m_ready;
    ConnectionWrapper::Failed m_failed;
    int m_timer = 0;
};

} // namespace ingress::proxy
