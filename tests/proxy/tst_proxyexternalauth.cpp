// External auth end to end, through the engine (two workers) to a real backend and a fake
// authentication service on loopback: a 2xx lets the request through with the answer's fields
// (and without the client's own values of them), any other answer goes back to the client
// (de-chunked, reframed, hop-by-hop fields dropped), a 401 with signIn becomes a redirect with
// `rd`, an authentication service that is down, slow or talks garbage gets the client a 500.
// The question carries the client's fields and where the request was going, never its body;
// the body waits and reaches the backend intact; keep-alive and pipelined requests are each
// asked about; refusals are counted and logged; a client leaving mid-question ends it.
#include "model/routing/routingtable.h"
#include "proxy/proxyengine.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/fakeauthservice.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <memory>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

namespace {

ExternalAuth externalAuth(const QString &service, const QString &answer,
                          const QStringList &copied = {}, const QString &signIn = {}) {
    ExternalAuth auth;
    auth.service = service;
    auth.path = QStringLiteral("/check?answer=") + answer;
    auth.responseHeaders = copied;
    auth.signIn = signIn;
    return auth;
}

Route guarded(const QString &path, const ExternalAuth &auth) {
    Route r = prefix(path, QStringLiteral("app"));
    r.policy.externalAuth = auth;
    return r;
}

// Does the head hold this field line (name case-insensitive, value exact)?
bool hasField(const QByteArray &head, const QByteArray &name, const QByteArray &value) {
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).compare(name, Qt::CaseInsensitive) == 0 &&
            line.mid(colon + 1).trimmed() == value)
            return true;
    }
    return false;
}

int fieldsNamed(const QByteArray &head, const QByteArray &name) {
    int count = 0;
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        count += colon > 0 && line.left(colon).compare(name, Qt::CaseInsensitive) == 0;
    }
    return count;
}

// "Name: value" (the one field of that name has that value) or "-Name" (no field of that name).
QString check(const QByteArray &head, const QString &expectation) {
    const QByteArray e = expectation.toLatin1();
    const QByteArray name = e.startsWith('-') ? e.mid(1) : e.left(e.indexOf(':'));
    const bool ok = e.startsWith('-')
                        ? fieldsNamed(head, name) == 0
                        : fieldsNamed(head, name) == 1 &&
                              hasField(head, name, e.mid(e.indexOf(':') + 1).trimmed());
    return ok ? QString() : expectation + QStringLiteral(" in:\n") + QString::fromLatin1(head);
}

QByteArray responseHead(const HttpResponse &response) {
    QByteArray head;
    for (const auto &[name, value] : response.headers)
        head += name + ": " + value + "\r\n";
    return head;
}

} // namespace

class TestProxyExternalAuth : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_app = std::make_unique<TestBackend>(QStringLiteral("app"));
        m_auth = std::make_unique<FakeAuthService>();
        Topology t;
        t.listeners << listener(QStringLiteral("web"));
        Service slow = service(QStringLiteral("auth-slow"), {m_auth->address()});
        slow.timeouts.response = Duration(300);
        Service patient = service(QStringLiteral("auth-patient"), {m_auth->address()});
        patient.timeouts.response = Duration(10000);
        t.services << service(QStringLiteral("app"), {m_app->address()})
                   << service(QStringLiteral("auth"), {m_auth->address()})
                   << service(QStringLiteral("auth-down"),
                              {QStringLiteral("127.0.0.1:%1").arg(freePort())})
                   << slow << patient;
        const QString authService = QStringLiteral("auth");
        const QString login = QStringLiteral("https://login.example.com/start");
        Route inherits = prefix(QStringLiteral("/inherit"), QStringLiteral("app"));
        inherits.policy.allow = {QStringLiteral("127.0.0.0/8")}; // a policy of its own, no auth
        Route secured = guarded(QStringLiteral("/secured"),
                                externalAuth(authService, QStringLiteral("403framed")));
        SecurityHeaders security;
        security.noSniff = true;
        security.frameOptions = QStringLiteral("DENY");
        secured.policy.securityHeaders = security;
        VirtualHost h = host(
            QStringLiteral("auth.test"),
            {prefix(QStringLiteral("/"), QStringLiteral("app")), inherits, secured,
             guarded(QStringLiteral("/bare"),
                     externalAuth(authService, QStringLiteral("bare"), {"X-Auth-User"})),
             guarded(QStringLiteral("/deny401"), externalAuth(authService, QStringLiteral("401"))),
             guarded(QStringLiteral("/deny403"), externalAuth(authService, QStringLiteral("403"))),
             guarded(QStringLiteral("/until-close"),
                     externalAuth(authService, QStringLiteral("403close"))),
             guarded(QStringLiteral("/redirect"), externalAuth(authService, QStringLiteral("302"))),
             guarded(QStringLiteral("/signin"),
                     externalAuth(authService, QStringLiteral("401"), {}, login)),
             guarded(QStringLiteral("/signin-query"),
                     externalAuth(authService, QStringLiteral("401"), {}, login + "?app=studio")),
             guarded(QStringLiteral("/signin-ok"),
                     externalAuth(authService, QStringLiteral("ok"), {}, login)),
             guarded(QStringLiteral("/down"),
                     externalAuth(QStringLiteral("auth-down"), QStringLiteral("ok"))),
             guarded(QStringLiteral("/slow"),
                     externalAuth(QStringLiteral("auth-slow"), QStringLiteral("stall"))),
             guarded(QStringLiteral("/stall"),
                     externalAuth(QStringLiteral("auth-patient"), QStringLiteral("stall"))),
             guarded(QStringLiteral("/garbage"),
                     externalAuth(authService, QStringLiteral("garbage"))),
             guarded(QStringLiteral("/huge"), externalAuth(authService, QStringLiteral("huge"))),
             guarded(QStringLiteral("/unknown"),
                     externalAuth(QStringLiteral("no-such-service"), QStringLiteral("ok")))});
        h.policy.externalAuth =
            externalAuth(authService, QStringLiteral("ok"), {"X-Auth-User", "x-auth-email"});
        t.hosts << h;

        proxy::ProxySettings settings;
        settings.workers = 2;
        settings.collectAccessLog = true;
        m_engine = std::make_unique<proxy::ProxyEngine>(settings);
        m_logged =
            std::make_unique<QSignalSpy>(m_engine.get(), &proxy::ProxyEngine::requestsLogged);
        QVERIFY(m_engine->start(RoutingTable::compile(t)));
        m_port = m_engine->port(QStringLiteral("web"));
        QVERIFY(m_port != 0);
    }
    void cleanupTestCase() {
        if (m_engine)
            m_engine->stop(Duration(1000));
        m_engine.reset();
        m_auth.reset();
        m_app.reset();
    }

    void outcomes_data() {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("extra");
        QTest::addColumn<int>("status");
        QTest::addColumn<QStringList>("fields"); // on the client's response
        QTest::addColumn<QByteArray>("body");    // of the client's response (null: not checked)
        QTest::addColumn<bool>("reachesBackend");
        QTest::addColumn<QStringList>("backendFields"); // on the head the backend got

        const QByteArray spoof = "X-Auth-User: mallory\r\nX-Auth-Email: mallory@example.com\r\n";
        QTest::newRow("200 passes with the answer's fields, not the client's")
            << QByteArray("/app") << spoof << 200 << QStringList() << QByteArray() << true
            << QStringList{"X-Auth-User: alice", "X-Auth-Email: alice@example.com", "-X-Other"};
        QTest::newRow("2xx without the field: the client's is removed anyway")
            << QByteArray("/bare/x") << spoof << 200 << QStringList() << QByteArray() << true
            << QStringList{"-X-Auth-User", "X-Auth-Email: mallory@example.com"};
        QTest::newRow("route without externalAuth inherits the host's")
            << QByteArray("/inherit") << spoof << 200 << QStringList() << QByteArray() << true
            << QStringList{"X-Auth-User: alice"};
        QTest::newRow("401 relayed with its fields and body, reframed")
            << QByteArray("/deny401") << QByteArray() << 401
            << QStringList{"WWW-Authenticate: Bearer realm=\"studio\"", "Content-Type: text/plain",
                           "Content-Length: 14", "-Transfer-Encoding", "-Keep-Alive"}
            << QByteArray("please log in\n") << false << QStringList();
        QTest::newRow("403 relayed")
            << QByteArray("/deny403") << QByteArray() << 403 << QStringList{"Content-Length: 14"}
            << QByteArray("forbidden here") << false << QStringList();
        QTest::newRow("403 whose body ends with the connection")
            << QByteArray("/until-close") << QByteArray() << 403
            << QStringList{"Content-Length: 11"} << QByteArray("until close") << false
            << QStringList();
        QTest::newRow("relayed answers get the policy's fields, like the proxy's own")
            << QByteArray("/secured") << QByteArray() << 403
            << QStringList{"X-Frame-Options: DENY", "X-Content-Type-Options: nosniff",
                           "Content-Length: 0"}
            << QByteArray("") << false << QStringList();
        QTest::newRow("302 of the service relayed")
            << QByteArray("/redirect") << QByteArray() << 302
            << QStringList{"Location: https://login.example.com/start"} << QByteArray() << false
            << QStringList();
        QTest::newRow("401 with signIn: redirect with rd")
            << QByteArray("/signin/page?x=1") << QByteArray() << 302
            << QStringList{"Location: https://login.example.com/start"
                           "?rd=http%3A%2F%2Fauth.test%2Fsignin%2Fpage%3Fx%3D1"}
            << QByteArray() << false << QStringList();
        QTest::newRow("signIn with a query: rd appended with &")
            << QByteArray("/signin-query") << QByteArray() << 302
            << QStringList{"Location: https://login.example.com/start"
                           "?app=studio&rd=http%3A%2F%2Fauth.test%2Fsignin-query"}
            << QByteArray() << false << QStringList();
        QTest::newRow("signIn set, 2xx passes")
            << QByteArray("/signin-ok") << QByteArray() << 200 << QStringList() << QByteArray()
            << true << QStringList();
        QTest::newRow("service down: 500")
            << QByteArray("/down") << QByteArray() << 500 << QStringList() << QByteArray() << false
            << QStringList();
        QTest::newRow("service times out: 500")
            << QByteArray("/slow") << QByteArray() << 500 << QStringList() << QByteArray() << false
            << QStringList();
        QTest::newRow("garbage answer: 500")
            << QByteArray("/garbage") << QByteArray() << 500 << QStringList() << QByteArray()
            << false << QStringList();
        QTest::newRow("answer body over 64 KiB: 500")
            << QByteArray("/huge") << QByteArray() << 500 << QStringList() << QByteArray() << false
            << QStringList();
        QTest::newRow("unknown service: 500")
            << QByteArray("/unknown") << QByteArray() << 500 << QStringList() << QByteArray()
            << false << QStringList();
    }
    void outcomes() {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, extra);
        QFETCH(int, status);
        QFETCH(QStringList, fields);
        QFETCH(QByteArray, body);
        QFETCH(bool, reachesBackend);
        QFETCH(QStringList, backendFields);
        const int before = m_app->requests();
        QElapsedTimer timer;
        timer.start();
        const auto response = request(m_port, get("auth.test", target, extra));
        QVERIFY(response.has_value());
        QCOMPARE(response->status, status);
        QVERIFY2(timer.elapsed() < 3000, "the slow service's 300 ms timeout bounds the wait");
        for (const QString &field : fields) {
            const QString failure = check(responseHead(*response), field);
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
        }
        if (!body.isNull())
            QCOMPARE(response->body, body);
        QCOMPARE(m_app->requests() - before, reachesBackend ? 1 : 0);
        for (const QString &field : backendFields) {
            const QString failure = check(m_app->lastHead(), field);
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
        }
    }

    void questionCarriesTheRequest_data() {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("GET") << QByteArray("GET") << QByteArray();
        QTest::newRow("POST with a body") << QByteArray("POST") << QByteArray("name=studio");
    }
    void questionCarriesTheRequest() {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, body);
        m_auth->reset();
        QByteArray raw = method + " /app/page?q=1 HTTP/1.1\r\nHost: auth.test\r\n"
                                  "Authorization: Bearer t0k3n\r\nCookie: session=abc\r\n"
                                  "X-Original-URL: http://evil.test/\r\nX-Forwarded-Uri: /evil\r\n";
        if (!body.isEmpty())
            raw += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                   QByteArray::number(body.size()) + "\r\n";
        raw += "\r\n" + body;
        const auto response = request(m_port, raw);
        QVERIFY(response.has_value());
        QCOMPARE(response->status, 200);
        const QByteArray head = m_auth->lastHead();
        QVERIFY2(head.startsWith("GET /check?answer=ok HTTP/1.1\r\n"), head.constData());
        const QStringList expected{"Host: auth.test",
                                   "Authorization: Bearer t0k3n",
                                   "Cookie: session=abc",
                                   "X-Forwarded-Method: " + QString::fromLatin1(method),
                                   "X-Forwarded-Proto: http",
                                   "X-Forwarded-Host: auth.test",
                                   "X-Forwarded-Uri: /app/page?q=1",
                                   "X-Forwarded-For: 127.0.0.1",
                                   "X-Original-URL: http://auth.test/app/page?q=1",
                                   "X-Original-Method: " + QString::fromLatin1(method),
                                   "Connection: close",
                                   "-Content-Length",
                                   "-Transfer-Encoding"};
        for (const QString &field : expected) {
            const QString failure = check(head, field);
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
        }
        QCOMPARE(int(head.count("X-Original-URL")), 1);
        QCOMPARE(int(head.count("X-Forwarded-Uri")), 1);
        QCOMPARE(m_auth->bytesAfterHeads(), 0); // never the body
    }

    void bodyWaitsAndPassesIntact_data() {
        QTest::addColumn<bool>("chunked");
        QTest::addColumn<int>("size");
        QTest::newRow("small, Content-Length") << false << 11;
        QTest::newRow("small, chunked") << true << 11;
        QTest::newRow("512 KiB, Content-Length (held back meanwhile)") << false << 512 * 1024;
    }
    void bodyWaitsAndPassesIntact() {
        QFETCH(bool, chunked);
        QFETCH(int, size);
        QByteArray body(size, 'b');
        for (int i = 0; i < size; ++i)
            body[i] = char('a' + i % 26);
        QByteArray raw = "POST /echo HTTP/1.1\r\nHost: auth.test\r\n";
        if (chunked)
            raw += "Transfer-Encoding: chunked\r\n\r\n" + QByteArray::number(size, 16) + "\r\n" +
                   body + "\r\n0\r\n\r\n";
        else
            raw += "Content-Length: " + QByteArray::number(size) + "\r\n\r\n" + body;
        const auto response = request(m_port, raw, 10000);
        QVERIFY(response.has_value());
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body.size(), body.size());
        QVERIFY(response->body == body);
        QVERIFY(hasField(m_app->lastHead(), "X-Auth-User", "alice"));
    }

    void keepAlive_data() {
        QTest::addColumn<bool>("pipelined");
        QTest::newRow("one after the other") << false;
        QTest::newRow("pipelined") << true;
    }
    void keepAlive() {
        QFETCH(bool, pipelined);
        m_auth->reset();
        const int before = m_app->requests();
        RawClient client;
        QVERIFY(client.connectTo(m_port));
        const QByteArray first = get("auth.test", "/first");
        const QByteArray second = get("auth.test", "/deny403");
        const QByteArray third = get("auth.test", "/third");
        if (pipelined)
            client.send(first + second + third);
        for (const auto &[raw, status] :
             {std::pair(first, 200), std::pair(second, 403), std::pair(third, 200)}) {
            if (!pipelined)
                client.send(raw);
            const auto response = client.read();
            QVERIFY(response.has_value());
            QCOMPARE(response->status, status);
            QCOMPARE(response->header("Connection"), QByteArray());
        }
        QCOMPARE(int(m_auth->heads().size()), 3);
        QCOMPARE(m_app->requests() - before, 2);
        QVERIFY(m_app->lastHead().startsWith("GET /third "));
    }

    void refusalsCountedAndLogged_data() {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("status");
        QTest::newRow("refused") << QByteArray("/deny403") << 403;
        QTest::newRow("failed") << QByteArray("/down") << 500;
    }
    void refusalsCountedAndLogged() {
        QFETCH(QByteArray, path);
        QFETCH(int, status);
        const auto key = std::pair(proxy::MetricScope::Route, "auth.test " + path.toStdString());
        const auto before = m_engine->metricsSnapshot();
        const std::uint64_t deniedBefore =
            before.subjects.count(key) ? before.subjects.at(key).deniedExternalAuth : 0;
        m_logged->clear();
        const QByteArray target = path + "/logged";
        const auto response = request(m_port, get("auth.test", target));
        QVERIFY(response.has_value());
        QCOMPARE(response->status, status);
        QTRY_COMPARE_WITH_TIMEOUT(m_engine->metricsSnapshot().subjects[key].deniedExternalAuth,
                                  deniedBefore + 1, 3000);
        const auto find = [this, &target] {
            for (const QList<QVariant> &batch : std::as_const(*m_logged))
                for (const auto &entry : batch.first().value<QList<proxy::AccessLogEntry>>())
                    if (entry.target == target)
                        return std::optional(entry);
            return std::optional<proxy::AccessLogEntry>();
        };
        QTRY_VERIFY_WITH_TIMEOUT(find().has_value(), 3000);
        const proxy::AccessLogEntry entry = *find();
        QCOMPARE(entry.status, status);
        QCOMPARE(entry.deniedBy, QStringLiteral("external-auth"));
        QCOMPARE(entry.policyOrigin,
                 QStringLiteral("route %1 of auth.test").arg(QString::fromLatin1(path)));
        if (status == 500)
            QVERIFY2(entry.upstreamError.startsWith(QStringLiteral("external auth: ")),
                     qPrintable(entry.upstreamError));
    }

    void clientLeavingEndsTheQuestion() {
        // A body still arriving when the client goes: the exchange ends at once, and with it
        // the question (the service sees its connection closed long before its 10 s timeout).
        const int closedBefore = m_auth->stallsClosed();
        const int questionsBefore = int(m_auth->heads().size());
        {
            RawClient client;
            QVERIFY(client.connectTo(m_port));
            client.send(
                "POST /stall HTTP/1.1\r\nHost: auth.test\r\nContent-Length: 10\r\n\r\n12345");
            QTRY_VERIFY_WITH_TIMEOUT(int(m_auth->heads().size()) > questionsBefore, 3000);
            client.socket().abort();
        }
        QTRY_VERIFY_WITH_TIMEOUT(m_auth->stallsClosed() > closedBefore, 3000);
        // The worker goes on serving.
        const auto response = request(m_port, get("auth.test", "/after"));
        QVERIFY(response.has_value());
        QCOMPARE(response->status, 200);
    }

private:
    std::unique_ptr<TestBackend> m_app;
    std::unique_ptr<FakeAuthService> m_auth;
    std::unique_ptr<proxy::ProxyEngine> m_engine;
    std::unique_ptr<QSignalSpy> m_logged;
    quint16 m_port = 0;
};

QTEST_GUILESS_MAIN(TestProxyExternalAuth)
#include "tst_proxyexternalauth.moc"
