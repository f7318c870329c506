// The differential test of external auth: real nginx and Caddy started from the export of
// externalAuthTopology, with a loopback auth service that lets a request through by its X-Token
// header, must allow and refuse the same requests with the answers fixed in advance (those of
// docs/topology-format.md, "External auth"), up to the differences the exports report: nginx
// answers 401/403 with its own page, and neither percent-encodes the sign-in page's rd (the
// URLs here are compared decoded). The embedded engine gets the same table. The auth service
// also checks what it is asked: a GET for the configured path, without a body, saying where
// the request was going.

#include "export/caddyexporter.h"
#include "export/nginxexporter.h"
#include "proxy/proxyengine.h"
#include "tests/export/authtopology.h"
#include "tests/export/differentialharness.h"
#include "tests/export/exporttesthelpers.h"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <thread>

using namespace ingress;
using namespace ingress::testing;

namespace {

// The application: who the proxy says the user is, and what it received.
QByteArray app(const HttpRequest &request) {
    auto orDash = [](const QByteArray &value) { return value.isEmpty() ? "-" : value; };
    return httpResponse(200, "OK",
                        "app " + request.method + ' ' + request.target +
                            " user=" + orDash(request.header("x-auth-user")) + " email=" +
                            orDash(request.header("x-auth-email")) + " body=" + request.body);
}

// The auth service: X-Token good lets in (as "alice" and the path it was asked), forbidden
// gets 403, anything else 401 with a challenge. A request that is not what the engine sends
// gets 400, which no proxy turns into a 2xx.
QByteArray auth(const HttpRequest &request) {
    const QByteArray host = request.header("host");
    QByteArrayList wrong;
    if (request.method != "GET")
        wrong << "method " + request.method;
    if (!request.body.isEmpty() || !request.header("content-length").isEmpty())
        wrong << "a body";
    if (request.header("x-forwarded-method").isEmpty() ||
        request.header("x-forwarded-method") != request.header("x-original-method"))
        wrong << "X-Forwarded-Method/X-Original-Method";
    if (request.header("x-forwarded-uri").isEmpty() ||
        request.header("x-original-url") != "http://" + host + request.header("x-forwarded-uri"))
        wrong << "X-Original-URL " + request.header("x-original-url");
    if (request.header("x-forwarded-proto") != "http" ||
        request.header("x-forwarded-host") != host || request.header("x-forwarded-for").isEmpty())
        wrong << "X-Forwarded-Proto/-Host/-For";
    if (!wrong.isEmpty())
        return httpResponse(400, "Bad Request", "asked wrongly: " + wrong.join(", "));
    const QByteArray token = request.header("x-token");
    if (token == "good")
        return httpResponse(200, "OK", {}, "X-Auth-User: alice " + request.target + "\r\n");
    if (token == "forbidden")
        return httpResponse(403, "Forbidden", "forbidden");
    return httpResponse(401, "Unauthorized", "sign in",
                        "WWW-Authenticate: Bearer realm=\"test\"\r\n");
}

// What decides an answer here: the status, and the body of a 200, the decoded Location of a
// redirect, or the challenge of a 401.
QString answer(int port, const Request &request, const QByteArray &body) {
    QByteArray text = request.method + ' ' + request.path + " HTTP/1.1\r\nHost: " + request.host +
                      "\r\nConnection: close\r\n";
    for (const auto &[name, value] : request.headers)
        text += name + ": " + value + "\r\n";
    if (!body.isEmpty())
        text += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                QByteArray::number(body.size()) + "\r\n";
    const QByteArray bytes = exchangeUntilClose(port, text + "\r\n" + body);
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    if (end < 0)
        return QStringLiteral("no answer");
    QList<QByteArray> lines;
    for (const QByteArray &line : bytes.left(end).split('\n'))
        lines << line.trimmed();
    const int status = lines.value(0).split(' ').value(1).toInt();
    QString detail;
    if (status == 200)
        detail = QString::fromUtf8(bytes.mid(end + 4));
    else if (status >= 300 && status < 400)
        detail = QUrl::fromPercentEncoding(headerValues(lines, "location"));
    else if (status == 401)
        detail = QString::fromUtf8(headerValues(lines, "www-authenticate"));
    return QStringLiteral("%1 %2").arg(status).arg(detail).trimmed();
}

} // namespace

class TestDifferentialExternalAuth : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameDecisions_data() {
        QTest::addColumn<QString>("target");
        QTest::newRow("nginx") << QStringLiteral("nginx");
        QTest::newRow("caddy") << QStringLiteral("caddy");
        QTest::newRow("engine") << QStringLiteral("engine");
    }
    void sameDecisions() {
        QFETCH(QString, target);
        ResponderPool services({Responder(app), Responder(auth)});
        const QList<int> ports = services.startAll();
        const int port = freePort();
        const Topology topology = externalAuthTopology(port, ports[0], ports[1]);
        const RoutingTablePtr table = RoutingTable::compile(topology);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ExportResult result;
        ProcessGuard server;
        QProcess *process = server.process.get();
        std::unique_ptr<proxy::ProxyEngine> engine;
        if (target == u"engine") {
            engine = std::make_unique<proxy::ProxyEngine>();
            QStringList errors;
            QVERIFY2(engine->start(table, &errors), qPrintable(errors.join(u'\n')));
        } else {
            const QString program = findTool(target);
            if (program.isEmpty())
                INGRESS_MISSING_PEER("the target's binary is not installed");
            QStringList args;
            if (target == u"nginx") {
                result = NginxExporter().exportTopology(topology, {});
                args = {QStringLiteral("-p"), dir.path() + u'/',
                        QStringLiteral("-c"), dir.filePath(QStringLiteral("nginx.conf")),
                        QStringLiteral("-e"), QStringLiteral("stderr"),
                        QStringLiteral("-g"), QStringLiteral("daemon off;")};
            } else {
                result = CaddyExporter().exportTopology(topology, {});
                args = {QStringLiteral("run"), QStringLiteral("--adapter"),
                        QStringLiteral("caddyfile"), QStringLiteral("--config"),
                        dir.filePath(QStringLiteral("Caddyfile"))};
            }
            QVERIFY(writeExport(result, dir.path()));
            process->setWorkingDirectory(dir.path());
            process->setProcessChannelMode(QProcess::MergedChannels);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("HOME"), dir.path()); // Caddy's data and config folders
            env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
            process->setProcessEnvironment(env);
            process->start(program, args);
            QVERIFY2(process->waitForStarted(5000), qPrintable(process->errorString()));
        }
        QVERIFY2(waitForPort(port), qPrintable(QString::fromUtf8(process->readAll())));

        const QByteArray host = "auth.test:" + QByteArray::number(port);
        const QString url = QStringLiteral("http://") + QString::fromLatin1(host);
        const QString signIn = QStringLiteral("302 https://login.example.com/start?rd=") + url;
        const Request moved{"GET", host, "/old", {}};
        const QString redirect = expectedAnswer(*table, 0, moved).toString();
        using Headers = QList<QPair<QByteArray, QByteArray>>;
        const Headers good{{"X-Token", "good"}};
        struct Row {
            Request request;
            QByteArray body;
            QString expected;
        };
        const QList<Row> rows{
            {{"GET", host, "/app/x", good},
             {},
             "200 app GET /app/x user=alice /check email=- body="},
            // A client cannot claim to be someone, nor say where the request goes.
            {{"GET",
              host,
              "/app/x",
              {{"X-Token", "good"},
               {"X-Auth-User", "mallory"},
               {"X-Original-URL", "http://evil.test/"}}},
             {},
             "200 app GET /app/x user=alice /check email=- body="},
            {{"GET", host, "/app/x", {}}, {}, signIn + "/app/x"},
            {{"GET", host, "/app/x?a=1", {{"X-Token", "bad"}}}, {}, signIn + "/app/x?a=1"},
            {{"POST", host, "/app/form", good},
             "a=1",
             "200 app POST /app/form user=alice /check email=- body=a=1"},
            // A route narrowed by method (nginx: an `if` block) and the route beside it.
            {{"POST", host, "/app/admin/x", good},
             "b=2",
             "200 app POST /app/admin/x user=alice /check email=- body=b=2"},
            {{"GET", host, "/app/admin/x", good},
             {},
             "200 app GET /app/admin/x user=alice /check email=- body="},
            {{"POST", host, "/app/admin/x", {}}, "b=2", signIn + "/app/admin/x"},
            // The route's own: its path and fields, no sign-in page.
            {{"GET", host, "/api/v", {{"X-Token", "good"}, {"X-Auth-Email", "mallory@evil.test"}}},
             {},
             "200 app GET /api/v user=alice /verify?scope=api email=- body="},
            {{"GET", host, "/api/v", {}}, {}, "401 Bearer realm=\"test\""},
            {{"GET", host, "/api/v", {{"X-Token", "forbidden"}}}, {}, "403"},
            // A redirect is answered without asking (the engine asks for requests that go on
            // to a service).
            {{"GET", host, "/old", good}, {}, redirect},
            {{"GET", host, "/old", {}}, {}, redirect},
            {{"GET", "open.test:" + QByteArray::number(port), "/", {}},
             {},
             "200 app GET / user=- email=- body="},
        };

        QStringList failures;
        std::atomic<bool> done = false;
        std::thread client([&] {
            for (const Row &row : rows) {
                const QString got = answer(port, row.request, row.body);
                if (got != row.expected)
                    failures << QStringLiteral("%1: got '%2', expected '%3'")
                                    .arg(row.request.describe(), got, row.expected);
            }
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 40000);
        client.join();
        if (engine)
            engine->stop(Duration(500));
        qInfo().noquote() << QStringLiteral("%1: %2 of %3 requests agree")
                                 .arg(target)
                                 .arg(rows.size() - failures.size())
                                 .arg(rows.size());
        if (!failures.isEmpty())
            qWarning().noquote() << QString::fromUtf8(result.mainText)
                                 << QString::fromUtf8(process->readAll());
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    }
};

INGRESS_PEER_TEST_MAIN(TestDifferentialExternalAuth)
#include "tst_differentialexternalauth.moc"
