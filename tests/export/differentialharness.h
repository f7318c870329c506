#pragma once

// Pieces of the differential test (tst_differential): backends that answer their own name,
// a blocking HTTP/1.1 client, and the engine's expected answer for the same request.

#include "model/routing/headerlist.h"
#include "model/routing/routingtable.h"

#include <functional>
#include <memory>
#include <QByteArray>
#include <QElapsedTimer>
#include <QMap>
#include <QMutex>
#include <QProcess>
#include <QSemaphore>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <vector>

namespace ingress::testing {

// The request headers a backend echoes when asked to (kEchoHeader), and the response headers
// the client reports then: enough to see header filters and rewriteHost at work.
inline const QByteArrayList &echoedRequestHeaders() {
    static const QByteArrayList names{"host", "x-set", "x-add", "x-remove"};
    return names;
}
inline const QByteArrayList &reportedResponseHeaders() {
    static const QByteArrayList names{"x-resp", "x-resp-add", "x-backend"};
    return names;
}
constexpr const char *kEchoHeader = "X-Echo";

// Values of the header `lowerName` in an HTTP head (lines after the first), joined with ","
// as HTTP defines repeated fields; "-" when absent.
inline QByteArray headerValues(const QList<QByteArray> &lines, const QByteArray &lowerName) {
    QByteArrayList values;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0 && lines[i].left(colon).trimmed().toLower() == lowerName)
            values << lines[i].mid(colon + 1).trimmed();
    }
    return values.isEmpty() ? QByteArray("-") : values.join(',');
}

// A request as a loopback responder got it: its head's lines (request line first) and body.
struct HttpRequest {
    QByteArray method, target, body;
    QList<QByteArray> lines;
    QByteArray header(const QByteArray &lowerName) const {
        const QByteArray value = headerValues(lines, lowerName);
        return value == "-" ? QByteArray() : value;
    }
};

// What a responder answers: a whole response, which is written before the connection closes.
using Responder = std::function<QByteArray(const HttpRequest &)>;

inline QByteArray httpResponse(int status, const QByteArray &reason, const QByteArray &body,
                               const QByteArray &headers = {}) {
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
           "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + headers +
           "Connection: close\r\n\r\n" + body;
}

// Loopback HTTP servers, one per responder, on a thread of their own so that the test's client
// can block. Each reads one request (head and Content-Length body), answers and closes.
class ResponderPool : public QThread {
public:
    explicit ResponderPool(QList<Responder> responders) : m_responders(std::move(responders)) {}
    ~ResponderPool() override {
        quit();
        wait(5000);
    }
    // Starts the thread and waits until every server listens; ports in responders' order.
    QList<int> startAll() {
        start();
        m_ready.acquire();
        return m_ports;
    }

protected:
    void run() override {
        std::vector<std::unique_ptr<QTcpServer>> servers;
        for (const Responder &responder : std::as_const(m_responders)) {
            auto server = std::make_unique<QTcpServer>();
            server->listen(QHostAddress::LocalHost, 0);
            m_ports << server->serverPort();
            QTcpServer *raw = server.get();
            QObject::connect(raw, &QTcpServer::newConnection, raw, [raw, responder] {
                while (QTcpSocket *socket = raw->nextPendingConnection()) {
                    auto buffer = std::make_shared<QByteArray>();
                    QObject::connect(
                        socket, &QTcpSocket::readyRead, socket, [socket, buffer, responder] {
                            buffer->append(socket->readAll());
                            const qsizetype end = buffer->indexOf("\r\n\r\n");
                            if (end < 0)
                                return;
                            HttpRequest request;
                            for (const QByteArray &line : buffer->left(end).split('\n'))
                                request.lines << line.trimmed();
                            const qsizetype length = request.header("content-length").toLongLong();
                            if (buffer->size() < end + 4 + length)
                                return;
                            const QList<QByteArray> first = request.lines.value(0).split(' ');
                            request.method = first.value(0);
                            request.target = first.value(1);
                            request.body = buffer->mid(end + 4, length);
                            buffer->clear();
                            socket->write(responder(request));
                            socket->disconnectFromHost();
                        });
                    QObject::connect(socket, &QTcpSocket::disconnected, socket,
                                     &QObject::deleteLater);
                }
            });
            servers.push_back(std::move(server));
        }
        m_ready.release();
        exec();
    }

private:
    QList<Responder> m_responders;
    QList<int> m_ports;
    QSemaphore m_ready;
};

// A backend that answers 200 with "NAME PATH" (the path as it arrived, query stripped) and an
// `X-Backend: NAME` header; a request with kEchoHeader also gets " name=value" for each of
// echoedRequestHeaders() as the backend received them.
inline Responder namedBackend(const QString &name) {
    return [name](const HttpRequest &request) {
        QByteArray target = request.target;
        target = target.left(target.indexOf('?') < 0 ? target.size() : target.indexOf('?'));
        QByteArray body = name.toUtf8() + ' ' + target;
        if (headerValues(request.lines, QByteArray(kEchoHeader).toLower()) != "-")
            for (const QByteArray &header : echoedRequestHeaders())
                body += ' ' + header + '=' + headerValues(request.lines, header);
        return httpResponse(200, "OK", body, "X-Backend: " + name.toUtf8() + "\r\n");
    };
}

// One namedBackend per name.
class BackendPool : public ResponderPool {
public:
    explicit BackendPool(const QStringList &names) : ResponderPool(responders(names)) {}

private:
    static QList<Responder> responders(const QStringList &names) {
        QList<Responder> list;
        for (const QString &name : names)
            list << namedBackend(name);
        return list;
    }
};

struct Request {
    QByteArray method, host, path;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString describe() const {
        QString text = QStringLiteral("%1 http://%2%3")
                           .arg(QString::fromLatin1(method), QString::fromLatin1(host),
                                QString::fromLatin1(path));
        for (const auto &[name, value] : headers)
            text += QStringLiteral(" [%1: %2]")
                        .arg(QString::fromLatin1(name), QString::fromLatin1(value));
        return text;
    }
};

// What came back, reduced to what routing decides: the status, and the backend's "NAME PATH"
// for 200 or the Location of a redirect.
struct Answer {
    int status = 0;
    QString detail;
    QString toString() const { return QStringLiteral("%1 %2").arg(status).arg(detail); }
    friend bool operator==(const Answer &, const Answer &) = default;
};

inline bool asksForEcho(const Request &request) {
    for (const auto &header : request.headers)
        if (header.first.compare(kEchoHeader, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

// `report`: response headers (lower case) added to every answer's detail as " <name=value"
// ("-" when absent), whatever its status.
inline Answer sendRequest(int port, const Request &request, int timeoutMs = 3000,
                          const QByteArrayList &report = {}) {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, quint16(port));
    if (!socket.waitForConnected(timeoutMs))
        return {0, QStringLiteral("cannot connect")};
    QByteArray text = request.method + ' ' + request.path + " HTTP/1.1\r\nHost: " + request.host +
                      "\r\nConnection: close\r\n";
    for (const auto &[name, value] : request.headers)
        text += name + ": " + value + "\r\n";
    socket.write(text + "\r\n");
    QByteArray response;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (!socket.waitForReadyRead(int(timeoutMs - timer.elapsed())))
            break;
        response += socket.readAll();
    }
    response += socket.readAll();
    const qsizetype end = response.indexOf("\r\n\r\n");
    if (end < 0)
        return {0, QStringLiteral("no response")};
    const QList<QByteArray> lines = response.left(end).split('\n');
    Answer answer;
    answer.status = lines.value(0).split(' ').value(1).toInt();
    if (answer.status == 200)
        answer.detail = QString::fromUtf8(response.mid(end + 4));
    if (asksForEcho(request) && answer.status == 200) {
        QList<QByteArray> trimmed;
        for (const QByteArray &line : lines)
            trimmed << line.trimmed();
        for (const QByteArray &header : reportedResponseHeaders())
            answer.detail += QStringLiteral(" <%1=%2").arg(
                QString::fromLatin1(header), QString::fromUtf8(headerValues(trimmed, header)));
    }
    for (const QByteArray &line : lines)
        if (line.toLower().startsWith("location:"))
            answer.detail = QString::fromUtf8(line.mid(9).trimmed());
    if (!report.isEmpty()) {
        QList<QByteArray> trimmed;
        for (const QByteArray &line : lines)
            trimmed << line.trimmed();
        for (const QByteArray &header : report)
            answer.detail += QStringLiteral(" <%1=%2").arg(
                QString::fromLatin1(header), QString::fromUtf8(headerValues(trimmed, header)));
    }
    return answer;
}

// What a backend echoes and the client sees of a route's header filters and rewriteHost, as
// docs/routing.md defines them: `set` replaces, `add` appends (with ",", as the echo joins
// repeated fields), `remove` deletes; rewriteHost replaces Host.
inline QString expectedEcho(const Request &request, const CompiledRoute *route,
                            const QString &backend) {
    QMap<QByteArray, QByteArray> sent{{"host", request.host}};
    for (const auto &[name, value] : request.headers)
        sent[name.toLower()] = value;
    QMap<QByteArray, QByteArray> answered{{"x-backend", backend.toUtf8()}};
    auto apply = [](QMap<QByteArray, QByteArray> &headers, const CompiledHeaderFilter &filter) {
        for (const auto &[name, value] : filter.set)
            headers[QByteArray::fromStdString(name).toLower()] = QByteArray::fromStdString(value);
        for (const auto &[name, value] : filter.add) {
            QByteArray &field = headers[QByteArray::fromStdString(name).toLower()];
            field += (field.isEmpty() ? "" : ",") + QByteArray::fromStdString(value);
        }
        for (const std::string &name : filter.remove)
            headers.remove(QByteArray::fromStdString(name).toLower());
    };
    if (route) {
        apply(sent, route->requestHeaders);
        apply(answered, route->responseHeaders);
        if (!route->rewriteHost.empty())
            sent["host"] = QByteArray::fromStdString(route->rewriteHost);
    }
    QString text;
    for (const QByteArray &header : echoedRequestHeaders())
        text += QStringLiteral(" %1=%2").arg(QString::fromLatin1(header),
                                             QString::fromUtf8(sent.value(header, "-")));
    for (const QByteArray &header : reportedResponseHeaders())
        text += QStringLiteral(" <%1=%2").arg(QString::fromLatin1(header),
                                              QString::fromUtf8(answered.value(header, "-")));
    return text;
}

// The engine's answer: RoutingTable::match with backends named after their service. Requests
// with kEchoHeader also carry the echo (expectedEcho).
inline Answer expectedAnswer(const RoutingTable &table, int listener, const Request &request,
                             const CompiledRoute **route = nullptr,
                             const CompiledHost **host = nullptr) {
    HeaderList headers;
    for (const auto &[name, value] : request.headers)
        headers.add(name.toLower().toStdString(), value.toStdString());
    const std::string method = request.method.toStdString();
    const std::string hostHeader = request.host.toStdString();
    const qsizetype mark = request.path.indexOf('?');
    const std::string path = request.path.left(mark < 0 ? request.path.size() : mark).toStdString();
    const std::string query = mark < 0 ? std::string() : request.path.mid(mark + 1).toStdString();
    RequestInfo info;
    info.listener = listener;
    info.method = method;
    info.host = hostHeader;
    info.path = path;
    info.query = query;
    info.headers = &headers;
    const RouteMatch match = table.match(info);
    if (route)
        *route = match.route;
    if (host)
        *host = match.host;
    if (match.redirect)
        return {match.redirect->code, QString::fromStdString(match.redirect->location)};
    if (!match.matched())
        return {404, {}};
    if (match.route && match.route->respond) {
        // The proxy answers itself: a 200's body, and none of the response headers echoed.
        const DirectResponse &respond = *match.route->respond;
        Answer answer{respond.status, respond.status == 200 ? respond.body : QString()};
        if (answer.status == 200 && asksForEcho(request))
            for (const QByteArray &header : reportedResponseHeaders())
                answer.detail += QStringLiteral(" <%1=-").arg(QString::fromLatin1(header));
        return answer;
    }
    if (!match.service || match.service->endpoints.empty())
        return {503, {}};
    Answer answer{200, QString::fromStdString(match.service->name + ' ' + match.upstreamPath)};
    if (asksForEcho(request))
        answer.detail +=
            expectedEcho(request, match.route, QString::fromStdString(match.service->name));
    return answer;
}

// Blocks until something accepts on the port (servers take a moment to bind).
inline bool waitForPort(int port, int timeoutMs = 10000) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(port));
        if (socket.waitForConnected(200))
            return true;
        QThread::msleep(50);
    }
    return false;
}

// Stops a server started by the test however the test ends: SIGTERM first, so that nginx's
// master takes its workers with it (SIGKILL would orphan them), then SIGKILL.
struct ProcessGuard {
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    ~ProcessGuard() {
        if (process->state() == QProcess::NotRunning)
            return;
        process->terminate();
        if (!process->waitForFinished(5000)) {
            process->kill();
            process->waitForFinished(2000);
        }
    }
};

// Sends `bytes` on a new connection and returns all that comes back until the peer closes
// (the request asks for Connection: close) or three seconds pass; empty when nothing can
// connect.
inline QByteArray exchangeUntilClose(int port, const QByteArray &bytes) {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, quint16(port));
    if (!socket.waitForConnected(3000))
        return {};
    socket.write(bytes);
    QByteArray response;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 3000 && socket.state() == QAbstractSocket::ConnectedState) {
        socket.waitForReadyRead(int(3000 - timer.elapsed()));
        response += socket.readAll();
    }
    return response + socket.readAll();
}

inline int freePort() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

} // namespace ingress::testing
