#pragma once

#include <atomic>
#include <functional>
#include <QTcpServer>
#include <string>

namespace ingress::proxy {

// Accepts on one listener's address and hands each descriptor on (round-robin to the workers,
// see ProxyEngine) without touching it: the socket is created on the worker's thread. Enforces
// the engine-wide connection limit by closing what is over it at once.
class ListenerServer final : public QTcpServer {
public:
    using Dispatch = std::function<void(qintptr descriptor, const std::string &listener)>;

    ListenerServer(std::string name, std::atomic<int> *connections, int maxConnections,
                   Dispatch dispatch, QObject *parent = nullptr);

    const std::string &name() const { return m_name; }
    std::string key; // what identifies it across reloads: name, bind address, protocol

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    std::string m_name;
    std::atomic<int> *m_connections;
    int m_maxConnections;
    Dispatch m_dispatch;
};

} // namespace ingress::proxy
