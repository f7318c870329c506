#pragma once

#include <QTcpServer>
#include <string>

namespace ingress::proxy {

// Binds and listens on one listener's address, on the engine's thread, and accepts nothing
// itself: every worker accepts from its socket (ListenerAcceptor), so whichever worker is free
// takes the next connection. QTcpServer is kept for what it does well: binding IPv4 and IPv6
// addresses, the backlog, the bound port when asked for port 0, and readable errors.
class ListenerServer final : public QTcpServer {
public:
    ListenerServer(std::string name, std::string key, QObject *parent = nullptr);

    // listen(), then hands accepting over to the workers.
    bool open(const QHostAddress &address, quint16 port);

    const std::string &name() const { return m_name; }
    // What identifies it across reloads: name, bind address, port, protocol.
    const std::string &key() const { return m_key; }

private:
    std::string m_name;
    std::string m_key;
};

} // namespace ingress::proxy
