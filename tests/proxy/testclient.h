#pragma once

#include <optional>
#include <QByteArray>
#include <QList>
#include <QTcpSocket>
#include <utility>

namespace ingress::test {

struct HttpResponse {
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool chunked = false;

    QByteArray header(const QByteArray &name) const; // first, case-insensitive
    int headerCount(const QByteArray &name) const;
};

// A raw HTTP/1.1 client on a blocking QTcpSocket: sends exactly the bytes it is given and reads
// responses with its own small parser, so tests see what went over the wire.
class RawClient {
public:
    bool connectTo(quint16 port, int timeoutMs = 3000);
    void send(const QByteArray &bytes);
    // One response (Content-Length, chunked, or until close). nullopt on timeout or close.
    std::optional<HttpResponse> read(int timeoutMs = 5000, bool headRequest = false);
    // True when the peer closed (EOF or reset) within the time, with no more bytes arriving.
    bool waitClosed(int timeoutMs = 3000);
    QTcpSocket &socket() { return m_socket; }
    QByteArray &pending() { return m_buffer; }

private:
    bool fill(int timeoutMs);
    QTcpSocket m_socket;
    QByteArray m_buffer;
};

// One request on a new connection; the whole exchange as one call.
std::optional<HttpResponse> request(quint16 port, const QByteArray &raw, int timeoutMs = 5000);
QByteArray get(const QByteArray &host, const QByteArray &target,
               const QByteArray &extraHeaders = {});
// A loopback port nothing listens on now, for servers that must be given a port before they
// start (a topology validated before it is served refuses port 0).
quint16 freePort();

} // namespace ingress::test
