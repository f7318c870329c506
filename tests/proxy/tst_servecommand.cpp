// `ingress-studio-cli serve` as a user runs it: a real process, a topology file, backends on
// port 0; reload on file change and SIGHUP (refusing broken files), the admin endpoint, the
// access log, reloads under load, and a graceful drain on SIGTERM.
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <csignal>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress::test;

class TestServeCommand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void servesAndReports();
    void refusesBrokenReload();
    void reloadsOnFileChangeAndSighup();
    void reloadsUnderLoad();
    void drainsOnSigterm();
    void rejectsBadArguments_data();
    void rejectsBadArguments();

private:
    void writeTopology(const QString &service, bool broken = false);
    bool waitForStderr(const QByteArray &text, int timeoutMs = 5000);

    QTemporaryDir m_dir;
    std::unique_ptr<TestBackend> m_alpha, m_beta;
    QProcess m_serve;
    QByteArray m_stderr;
    quint16 m_port = 0, m_adminPort = 0;
    QString m_file, m_log;
};

void TestServeCommand::writeTopology(const QString &serviceName, bool broken) {
    QFile f(m_file + QStringLiteral(".tmp"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral("apiVersion: ingress-studio/v1\nkind: Topology\nlisteners:\n"
                           "  - name: web\n    bind: \"127.0.0.1:%1\"\nservices:\n"
                           "  - name: alpha\n    endpoints: [\"%2\"]\n"
                           "  - name: beta\n    endpoints: [\"%3\"]\n"
                           "hosts:\n  - host: app.test\n    routes:\n"
                           "      - path: /\n        service: %4\n")
                .arg(m_port)
                .arg(m_alpha->address(), m_beta->address(),
                     broken ? QStringLiteral("missing") : serviceName)
                .toUtf8());
    f.close();
    QFile::remove(m_file);
    QVERIFY(QFile::rename(f.fileName(), m_file)); // as editors do: replace, not rewrite
}

bool TestServeCommand::waitForStderr(const QByteArray &text, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        m_stderr += m_serve.readAllStandardError();
        if (m_stderr.contains(text))
            return true;
        m_serve.waitForReadyRead(100);
    }
    return false;
}

void TestServeCommand::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_alpha = std::make_unique<TestBackend>(QStringLiteral("alpha"));
    m_beta = std::make_unique<TestBackend>(QStringLiteral("beta"));
    m_port = freePort();
    m_adminPort = freePort();
    m_file = m_dir.filePath(QStringLiteral("topology.yaml"));
    m_log = m_dir.filePath(QStringLiteral("access.log"));
    writeTopology(QStringLiteral("alpha"));
    m_serve.setProgram(QStringLiteral(INGRESS_BIN_DIR "/ingress-studio-cli"));
    m_serve.setArguments({QStringLiteral("serve"), m_file, QStringLiteral("--workers"),
                          QStringLiteral("2"), QStringLiteral("--admin"),
                          QStringLiteral("127.0.0.1:%1").arg(m_adminPort),
                          QStringLiteral("--access-log"), m_log});
    m_serve.start();
    QVERIFY(m_serve.waitForStarted());
    QVERIFY(m_serve.waitForReadyRead(5000));
    QTRY_VERIFY_WITH_TIMEOUT(m_serve.peek(4096).contains("admin http://"), 5000);
    const QByteArray out = m_serve.readAllStandardOutput();
    QVERIFY2(out.contains("listening web http://127.0.0.1:" + QByteArray::number(m_port)),
             out.constData());
}

void TestServeCommand::cleanupTestCase() {
    if (m_serve.state() != QProcess::NotRunning) {
        m_serve.kill();
        m_serve.waitForFinished();
    }
}

void TestServeCommand::servesAndReports() {
    const auto response = request(m_port, get("app.test", "/hello", "User-Agent: tst\r\n"));
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("x-backend"), QByteArray("alpha"));
    // The response leaves before the worker records the request (writes go straight to the
    // socket): a scrape right after it may come a moment early, so ask again briefly.
    const QByteArray counted = "ingress_requests_total{scope=\"service\",name=\"alpha\"} 1";
    auto metrics = request(m_adminPort, get("127.0.0.1", "/metrics"));
    for (int i = 0; i < 50 && metrics && !metrics->body.contains(counted); ++i) {
        QTest::qWait(20);
        metrics = request(m_adminPort, get("127.0.0.1", "/metrics"));
    }
    QVERIFY(metrics.has_value());
    QCOMPARE(metrics->status, 200);
    QVERIFY2(metrics->body.contains(counted), metrics->body.constData());
    const auto health = request(m_adminPort, get("127.0.0.1", "/healthz"));
    QVERIFY(health.has_value());
    QCOMPARE(health->status, 200);
    const auto missing = request(m_port, get("nowhere.test", "/"));
    QVERIFY(missing.has_value());
    QCOMPARE(missing->status, 404);
    // The access log line carries the request id of the error page.
    const QByteArray id = missing->header("x-request-id");
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QFile f(m_log);
            return f.open(QIODevice::ReadOnly) && f.readAll().contains("id=" + id);
        }(),
        3000);
    QFile f(m_log);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray log = f.readAll();
    QVERIFY(log.contains("\"GET /hello HTTP/1.1\" 200 "));
    QVERIFY(log.contains("\"tst\" svc=alpha ep=" + m_alpha->address().toUtf8()));
}

void TestServeCommand::refusesBrokenReload() {
    writeTopology({}, true);
    QVERIFY(waitForStderr("reload refused"));
    QVERIFY(m_stderr.contains("unknown-service"));
    const auto response = request(m_port, get("app.test", "/still"));
    QVERIFY(response.has_value());
    QCOMPARE(response->header("x-backend"), QByteArray("alpha"));
}

void TestServeCommand::reloadsOnFileChangeAndSighup() {
    m_stderr.clear();
    writeTopology(QStringLiteral("beta"));
    QVERIFY(waitForStderr("reloaded"));
    QCOMPARE(request(m_port, get("app.test", "/"))->header("x-backend"), QByteArray("beta"));
    m_stderr.clear();
    ::kill(pid_t(m_serve.processId()), SIGHUP);
    QVERIFY(waitForStderr("reloaded"));
    QVERIFY(m_stderr.contains("SIGHUP"));
}

void TestServeCommand::reloadsUnderLoad() {
    // Continuous keep-alive and fresh-connection traffic while the table is swapped 30 times.
    RawClient held;
    QVERIFY(held.connectTo(m_port));
    int failures = 0, served = 0;
    for (int i = 0; i < 30; ++i) {
        ::kill(pid_t(m_serve.processId()), SIGHUP);
        for (int j = 0; j < 10; ++j) {
            held.send(get("app.test", "/load"));
            const auto a = held.read(3000);
            const auto b = request(m_port, get("app.test", "/load"));
            failures += !a || a->status != 200;
            failures += !b || b->status != 200;
            served += 2;
        }
    }
    QCOMPARE(failures, 0);
    QCOMPARE(served, 600);
}

void TestServeCommand::drainsOnSigterm() {
    RawClient client;
    QVERIFY(client.connectTo(m_port));
    client.send(get("app.test", "/slow/400"));
    QTest::qWait(100);
    ::kill(pid_t(m_serve.processId()), SIGTERM);
    const auto response = client.read(3000);
    QVERIFY(response.has_value());
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("slow"));
    QVERIFY(m_serve.waitForFinished(5000));
    QCOMPARE(m_serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_serve.exitCode(), 0);
    m_stderr += m_serve.readAllStandardError();
    QVERIFY(m_stderr.contains("stopped"));
}

void TestServeCommand::rejectsBadArguments_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("no-file") << QStringList{QStringLiteral("serve")} << 2;
    QTest::newRow("missing-file") << QStringList{QStringLiteral("serve"),
                                                 QStringLiteral("/nonexistent.yaml")}
                                  << 2;
    QTest::newRow("bad-workers") << QStringList{QStringLiteral("serve"), QStringLiteral("x.yaml"),
                                                QStringLiteral("--workers"), QStringLiteral("zero")}
                                 << 2;
}

void TestServeCommand::rejectsBadArguments() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QProcess p;
    p.start(QStringLiteral(INGRESS_BIN_DIR "/ingress-studio-cli"), args);
    QVERIFY(p.waitForFinished(5000));
    QCOMPARE(p.exitCode(), exitCode);
}

QTEST_GUILESS_MAIN(TestServeCommand)
#include "tst_servecommand.moc"
