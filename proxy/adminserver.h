#pragma once

#include <QHostAddress>
#include <QTcpServer>

namespace ingress::proxy {

class ProxyEngine;

// `--admin ADDR:PORT`: GET /metrics (Prometheus text format 0.0.4, one snapshot of the engine's
// registry) and GET /healthz. Tiny and on the owner's thread on purpose: it is polled every few
// seconds, never on the request path. One request per connection.
class AdminServer : public QTcpServer {
public:
    explicit AdminServer(const ProxyEngine *engine, QObject *parent = nullptr);

    // "127.0.0.1:9901", "[::1]:9901", ":9901" (any address).
    static bool parseAddress(const QString &text, QHostAddress *address, quint16 *port);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    const ProxyEngine *m_engine;
};

} // namespace ingress::proxy
