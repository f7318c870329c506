// What an access log entry says beyond the combined format: the route that matched, the upstream
// error in words, the connect / first-byte times, and (only when asked) the request headers,
// bounded. Real upstreams: an echo backend, a refused port, one that closes without answering,
// one that never answers.
#include "model/routing/routingtable.h"
#include "proxy/proxyengine.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

namespace {

// A loopback listening socket; `acceptAndClose` accepts each connection, reads the request and
// closes without a byte of response (on its own thread); otherwise nothing is ever accepted,
// and the kernel's backlog completes connects that then never hear back.
class RawUpstream {
public:
    explicit RawUpstream(bool acceptAndClose) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr = {};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
        ::listen(m_fd, 16);
        socklen_t length = sizeof addr;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&addr), &length);
        m_port = ntohs(addr.sin_port);
        if (acceptAndClose)
            m_thread = std::thread([this] {
                while (!m_stop) {
                    const int client = ::accept(m_fd, nullptr, nullptr);
                    if (client < 0)
                        return;
                    char buffer[4096];
                    (void)::recv(client, buffer, sizeof buffer, 0);
                    ::close(client);
                }
            });
    }
    ~RawUpstream() {
        m_stop = true;
        ::shutdown(m_fd, SHUT_RDWR); // wakes accept()
        if (m_thread.joinable())
            m_thread.join();
        ::close(m_fd);
    }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }

private:
    int m_fd = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stop = false;
    std::thread m_thread;
};

quint16 refusedPort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class TestAccessLogDetails : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        qRegisterMetaType<QList<proxy::AccessLogEntry>>();
        m_backend = std::make_unique<TestBackend>(QStringLiteral("origin"));
        m_closing = std::make_unique<RawUpstream>(true);
        m_silent = std::make_unique<RawUpstream>(false);
        m_refused = refusedPort();
    }
    void cleanupTestCase() {
        m_backend.reset();
        m_closing.reset();
        m_silent.reset();
    }

    void entryExplainsTheExchange_data() {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("hostPattern");
        QTest::addColumn<QString>("routePath");
        QTest::addColumn<QString>("error"); // a regular expression
        QTest::addColumn<bool>("connected");
        QTest::addColumn<bool>("firstByte");
        QTest::newRow("served") << QByteArray("app.test") << QByteArray("/api/x") << 200
                                << "app.test"
                                << "/api"
                                << "^$" << true << true;
        QTest::newRow("default service") << QByteArray("other.test") << QByteArray("/") << 200 << ""
                                         << ""
                                         << "^$" << true << true;
        QTest::newRow("refused") << QByteArray("app.test") << QByteArray("/refused") << 502
                                 << "app.test"
                                 << "/refused"
                                 << "^connect refused 127\\.0\\.0\\.1:\\d+$" << false << false;
        QTest::newRow("closed") << QByteArray("app.test") << QByteArray("/closes") << 502
                                << "app.test"
                                << "/closes"
                                << "^endpoint 127\\.0\\.0\\.1:\\d+ closed the connection before "
                                   "responding$"
                                << true << false;
        QTest::newRow("silent") << QByteArray("app.test") << QByteArray("/silent") << 504
                                << "app.test"
                                << "/silent"
                                << "^timed out after 300ms waiting for a response from "
                                   "127\\.0\\.0\\.1:\\d+$"
                                << true << false;
        // The host matched, none of its routes: the default service answers (docs/routing.md).
        QTest::newRow("no route") << QByteArray("app.test") << QByteArray("/nothing") << 200
                                  << "app.test"
                                  << ""
                                  << "^$" << true << true;
    }

    void entryExplainsTheExchange() {
        QFETCH(QByteArray, host);
        QFETCH(QByteArray, target);
        QFETCH(int, status);
        QFETCH(QString, hostPattern);
        QFETCH(QString, routePath);
        QFETCH(QString, error);
        QFETCH(bool, connected);
        QFETCH(bool, firstByte);
        const proxy::AccessLogEntry e = serveOne(
            true, get(host, target, "Connection: close\r\n" + QByteArray("X-Trace: 1\r\n")));
        QCOMPARE(e.status, status);
        QCOMPARE(e.hostPattern, hostPattern);
        QCOMPARE(e.routePath, routePath);
        QVERIFY2(QRegularExpression(error).match(e.upstreamError).hasMatch(),
                 qPrintable(e.upstreamError));
        QCOMPARE(e.connectUs >= 0, connected);
        QCOMPARE(e.firstByteUs >= 0, firstByte);
        if (firstByte)
            QVERIFY(e.connectUs <= e.firstByteUs && e.firstByteUs <= e.durationUs);
    }

    void headersOnlyWhenAsked_data() {
        QTest::addColumn<bool>("capture");
        QTest::newRow("asked (the GUI)") << true;
        QTest::newRow("not asked (serve)") << false;
    }

    void headersOnlyWhenAsked() {
        QFETCH(bool, capture);
        const proxy::AccessLogEntry e =
            serveOne(capture, get("app.test", "/api/x", "X-Trace: yes\r\nConnection: close\r\n"));
        QCOMPARE(e.status, 200);
        if (!capture) {
            QVERIFY(e.requestHeaders.isEmpty());
            return;
        }
        QVERIFY(e.requestHeaders.contains(std::pair(QByteArray("X-Trace"), QByteArray("yes"))));
        QCOMPARE(e.requestHeaders.first().first.toLower(), QByteArray("host"));
        QVERIFY(!e.headersTruncated);
    }

    void capturedHeadersAreBounded() {
        QByteArray many;
        for (int i = 0; i < 90; ++i)
            many += "X-Many-" + QByteArray::number(i) + ": " + QByteArray(20, 'v') + "\r\n";
        const proxy::AccessLogEntry e =
            serveOne(true, get("app.test", "/api/x", many + "Connection: close\r\n"));
        QCOMPARE(e.status, 200);
        QCOMPARE(e.requestHeaders.size(), proxy::AccessLogEntry::maxCapturedHeaders);
        QVERIFY(e.headersTruncated);
    }

private:
    // Serves `raw` once on a fresh engine (2 workers) and returns its log entry.
    proxy::AccessLogEntry serveOne(bool captureHeaders, const QByteArray &raw) {
        Topology t;
        t.listeners = {listener(QStringLiteral("web"))};
        Service silent = service(QStringLiteral("silent"), {m_silent->address()});
        silent.timeouts.response = Duration(300);
        t.services = {
            service(QStringLiteral("origin"), {m_backend->address()}),
            service(QStringLiteral("refused"), {QStringLiteral("127.0.0.1:%1").arg(m_refused)}),
            service(QStringLiteral("closes"), {m_closing->address()}), silent};
        t.hosts = {host(QStringLiteral("app.test"),
                        {prefix(QStringLiteral("/api"), QStringLiteral("origin")),
                         prefix(QStringLiteral("/refused"), QStringLiteral("refused")),
                         prefix(QStringLiteral("/closes"), QStringLiteral("closes")),
                         prefix(QStringLiteral("/silent"), QStringLiteral("silent"))})};
        t.defaultService = QStringLiteral("origin");
        proxy::ProxySettings settings;
        settings.workers = 2;
        settings.collectAccessLog = true;
        settings.captureRequestHeaders = captureHeaders;
        proxy::ProxyEngine engine(settings);
        QSignalSpy logged(&engine, &proxy::ProxyEngine::requestsLogged);
        if (!engine.start(RoutingTable::compile(t)))
            return {};
        (void)request(engine.port(QStringLiteral("web")), raw, 5000);
        if (logged.isEmpty() && !logged.wait(5000))
            return {};
        engine.stop(Duration(100));
        const auto entries = logged.first().first().value<QList<proxy::AccessLogEntry>>();
        return entries.value(0);
    }

    std::unique_ptr<TestBackend> m_backend;
    std::unique_ptr<RawUpstream> m_closing;
    std::unique_ptr<RawUpstream> m_silent;
    quint16 m_refused = 0;
};

QTEST_GUILESS_MAIN(TestAccessLogDetails)
#include "tst_accesslogdetails.moc"
