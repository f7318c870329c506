// Host and route policies end to end: access lists (with the client a trusted proxy names in
// X-Forwarded-For), basic auth against htpasswd files made by Apache's own `htpasswd` and by
// `openssl passwd`, rate limits per client and per header, and the limit on requests in
// progress, through the engine (two workers) to a real backend on loopback. Refusals are
// counted per route in the metrics and named in the access log.
#include "model/routing/routingtable.h"
#include "proxy/accesslogformat.h"
#include "proxy/proxyengine.h"
#include "tests/common/peertools.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <memory>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

namespace {

QByteArray basic(const QByteArray &user, const QByteArray &password) {
    return "Authorization: Basic " + (user + ':' + password).toBase64() + "\r\n";
}

// One `user:hash` line from a real tool: Apache's htpasswd (bcrypt, {SHA}) or openssl passwd
// (apr1, SHA-512 crypt).
QByteArray htpasswdLine(const QString &tool, const QByteArray &scheme, const QByteArray &password) {
    QProcess process;
    if (tool.endsWith(QLatin1String("htpasswd"))) {
        // -C 5: the lowest bcrypt cost htpasswd takes, so the test does not wait on purpose.
        const QStringList args = scheme == "bcrypt"
                                     ? QStringList{QStringLiteral("-nbBC"), QStringLiteral("5")}
                                     : QStringList{QStringLiteral("-nbs")};
        process.start(
            tool, args + QStringList{QString::fromLatin1(scheme), QString::fromLatin1(password)});
        process.waitForFinished(10000);
        return process.readAllStandardOutput().trimmed();
    }
    const QString flag = scheme == "apr1" ? QStringLiteral("-apr1") : QStringLiteral("-6");
    process.start(tool, {QStringLiteral("passwd"), flag, QString::fromLatin1(password)});
    process.waitForFinished(10000);
    const QByteArray hash = process.readAllStandardOutput().trimmed();
    return hash.isEmpty() ? QByteArray() : scheme + ':' + hash;
}

} // namespace

class TestProxyPolicies : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_files.isValid());
        m_alpha = std::make_unique<TestBackend>(QStringLiteral("alpha"));
        INGRESS_REQUIRE_TOOL(htpasswd, "htpasswd");
        INGRESS_REQUIRE_TOOL(openssl, "openssl");
        QByteArray users;
        for (const char *scheme : {"bcrypt", "apr1", "sha512", "sha1"}) {
            const QByteArray name(scheme);
            const bool apache = name == "bcrypt" || name == "sha1";
            const QByteArray line =
                htpasswdLine(apache ? htpasswd : openssl, name, "secret-" + name);
            QVERIFY2(line.startsWith(name + ':'), scheme);
            users += line + '\n';
        }
        QFile file(m_files.filePath(QStringLiteral("users.htpasswd")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# made by tst_proxypolicies\n" + users);
        file.close();

        Topology t;
        t.listeners << listener(QStringLiteral("web"));
        Listener edge = listener(QStringLiteral("edge"));
        edge.trustedProxies = {QStringLiteral("127.0.0.0/8")};
        t.listeners << edge;
        t.services << service(QStringLiteral("alpha"), {m_alpha->address()});

        Route open = prefix(QStringLiteral("/open"), QStringLiteral("alpha"));
        open.policy.allow = {QStringLiteral("0.0.0.0/0"), QStringLiteral("::/0")};
        Route auth = prefix(QStringLiteral("/auth"), QStringLiteral("alpha"));
        auth.policy.basicAuth = BasicAuth{file.fileName(), QStringLiteral("Staff \"only\""), {}};
        Route rate = prefix(QStringLiteral("/rate"), QStringLiteral("alpha"));
        rate.policy.rateLimit = RateLimit{1, RateUnit::Minute, 2, {}, {}};
        Route keyed = prefix(QStringLiteral("/keyed"), QStringLiteral("alpha"));
        keyed.policy.rateLimit = RateLimit{1, RateUnit::Minute, 0, QStringLiteral("X-Api-Key"), {}};
        Route slow = prefix(QStringLiteral("/slow"), QStringLiteral("alpha"));
        slow.policy.connectionLimit = 1;
        VirtualHost guarded = host(
            QStringLiteral("policy.test"),
            {prefix(QStringLiteral("/"), QStringLiteral("alpha")), open, auth, rate, keyed, slow});
        guarded.policy.allow = {QStringLiteral("127.0.0.0/8"), QStringLiteral("10.0.0.0/8")};
        guarded.policy.deny = {QStringLiteral("10.0.0.66")};
        t.hosts << guarded;

        proxy::ProxySettings settings;
        settings.workers = 2;
        settings.collectAccessLog = true;
        m_engine = std::make_unique<proxy::ProxyEngine>(settings);
        m_logged =
            std::make_unique<QSignalSpy>(m_engine.get(), &proxy::ProxyEngine::requestsLogged);
        QVERIFY(m_engine->start(RoutingTable::compile(t)));
        m_web = m_engine->port(QStringLiteral("web"));
        m_edge = m_engine->port(QStringLiteral("edge"));
        QVERIFY(m_web != 0 && m_edge != 0);
    }
    void cleanupTestCase() {
        if (m_engine)
            m_engine->stop(Duration(1000));
        m_engine.reset();
    }

    void accessList_data() {
        QTest::addColumn<bool>("viaEdge");
        QTest::addColumn<QByteArray>("forwardedFor");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("status");
        QTest::newRow("peer in allow") << false << QByteArray() << QByteArray("/") << 200;
        QTest::newRow("untrusted listener ignores XFF")
            << false << QByteArray("192.0.2.1") << QByteArray("/") << 200;
        QTest::newRow("forwarded client in allow")
            << true << QByteArray("10.0.0.5") << QByteArray("/") << 200;
        QTest::newRow("deny wins over allow")
            << true << QByteArray("10.0.0.66") << QByteArray("/") << 403;
        QTest::newRow("outside allow") << true << QByteArray("192.0.2.1") << QByteArray("/") << 403;
        QTest::newRow("IPv6 outside allow")
            << true << QByteArray("2001:db8::1") << QByteArray("/") << 403;
        QTest::newRow("trusted hops skipped")
            << true << QByteArray("10.0.0.66, 127.0.0.9") << QByteArray("/") << 403;
        QTest::newRow("spoofed left entry ignored")
            << true << QByteArray("10.0.0.5, 192.0.2.1") << QByteArray("/") << 403;
        QTest::newRow("garbage: the peer stays the client")
            << true << QByteArray("not-an-address") << QByteArray("/") << 200;
        QTest::newRow("route replaces the access list")
            << true << QByteArray("192.0.2.1") << QByteArray("/open") << 200;
        QTest::newRow("route keeps the host's other parts")
            << true << QByteArray("10.0.0.66") << QByteArray("/open/x") << 200;
    }
    void accessList() {
        QFETCH(bool, viaEdge);
        QFETCH(QByteArray, forwardedFor);
        QFETCH(QByteArray, path);
        QFETCH(int, status);
        const QByteArray extra =
            forwardedFor.isEmpty() ? QByteArray() : "X-Forwarded-For: " + forwardedFor + "\r\n";
        const auto response = request(viaEdge ? m_edge : m_web, get("policy.test", path, extra));
        QVERIFY(response.has_value());
        QCOMPARE(response->status, status);
    }

    void basicAuth_data() {
        QTest::addColumn<QByteArray>("credentials");
        QTest::addColumn<int>("status");
        for (const char *scheme : {"bcrypt", "apr1", "sha512", "sha1"}) {
            const QByteArray user(scheme);
            QTest::addRow("%s right", scheme) << basic(user, "secret-" + user) << 200;
            QTest::addRow("%s again (cached)", scheme) << basic(user, "secret-" + user) << 200;
            QTest::addRow("%s wrong", scheme) << basic(user, "secret-" + user + "x") << 401;
        }
        QTest::newRow("unknown user") << basic("nobody", "secret-bcrypt") << 401;
        QTest::newRow("none") << QByteArray() << 401;
        QTest::newRow("not base64") << QByteArray("Authorization: Basic !!!\r\n") << 401;
        QTest::newRow("another scheme") << QByteArray("Authorization: Bearer abc\r\n") << 401;
        QTest::newRow("scheme case-insensitive")
            << QByteArray("authorization: BASIC " + QByteArray("apr1:secret-apr1").toBase64() +
                          "\r\n")
            << 200;
    }
    void basicAuth() {
        QFETCH(QByteArray, credentials);
        QFETCH(int, status);
        const auto response = request(m_web, get("policy.test", "/auth", credentials));
        QVERIFY(response.has_value());
        QCOMPARE(response->status, status);
        if (status == 401)
            QCOMPARE(response->header("WWW-Authenticate"),
                     QByteArray("Basic realm=\"Staff \\\"only\\\"\", charset=\"UTF-8\""));
        else
            QCOMPARE(response->header("WWW-Authenticate"), QByteArray());
    }

    void rateLimitPerClient() {
        // 1 per minute with a burst of 2: three at once pass, the fourth waits about a minute.
        const QByteArray client = "X-Forwarded-For: 10.1.1.1\r\n";
        for (int i = 0; i < 3; ++i) {
            const auto response = request(m_edge, get("policy.test", "/rate", client));
            QVERIFY(response.has_value());
            QCOMPARE(response->status, 200);
        }
        const auto refused = request(m_edge, get("policy.test", "/rate", client));
        QVERIFY(refused.has_value());
        QCOMPARE(refused->status, 429);
        const int retryAfter = refused->header("Retry-After").toInt();
        QVERIFY2(retryAfter > 0 && retryAfter <= 60, refused->header("Retry-After").constData());
        // Another client has a bucket of its own.
        const auto other =
            request(m_edge, get("policy.test", "/rate", "X-Forwarded-For: 10.1.1.2\r\n"));
        QVERIFY(other.has_value());
        QCOMPARE(other->status, 200);
    }

    void rateLimitPerHeader() {
        const auto first = request(m_web, get("policy.test", "/keyed", "X-Api-Key: one\r\n"));
        const auto second = request(m_web, get("policy.test", "/keyed", "X-Api-Key: one\r\n"));
        const auto otherKey = request(m_web, get("policy.test", "/keyed", "X-Api-Key: two\r\n"));
        QVERIFY(first && second && otherKey);
        QCOMPARE(first->status, 200);
        QCOMPARE(second->status, 429);
        QCOMPARE(otherKey->status, 200);
    }

    void connectionLimit() {
        // The first request waits at the backend; a second one from the same client meanwhile
        // is over the limit; once the first is done, the next passes.
        const int before = m_alpha->requests();
        RawClient slow;
        QVERIFY(slow.connectTo(m_web));
        slow.send(get("policy.test", "/slow/800"));
        QTRY_VERIFY_WITH_TIMEOUT(m_alpha->requests() > before, 3000);
        const auto refused = request(m_web, get("policy.test", "/slow/1"));
        QVERIFY(refused.has_value());
        QCOMPARE(refused->status, 429);
        const auto first = slow.read();
        QVERIFY(first.has_value());
        QCOMPARE(first->status, 200);
        // The place is given back when the exchange ends, a moment after its last bytes reach
        // the client (the other worker may take the next request first): soon, not at once.
        int status = 0;
        for (int attempt = 0; attempt < 40 && status != 200; ++attempt) {
            if (attempt > 0)
                QTest::qWait(50);
            status = request(m_web, get("policy.test", "/slow/1")).value_or(HttpResponse{}).status;
        }
        QCOMPARE(status, 200);
    }

    void refusalsCountedAndLogged() {
        const auto before = m_engine->metricsSnapshot();
        const auto key = std::pair(proxy::MetricScope::Route, std::string("policy.test /"));
        const std::uint64_t deniedBefore =
            before.subjects.count(key) ? before.subjects.at(key).deniedAccess : 0;
        m_logged->clear();
        const auto response =
            request(m_edge, get("policy.test", "/denied", "X-Forwarded-For: 10.0.0.66\r\n"));
        QVERIFY(response.has_value());
        QCOMPARE(response->status, 403);
        QTRY_COMPARE_WITH_TIMEOUT(m_engine->metricsSnapshot().subjects[key].deniedAccess,
                                  deniedBefore + 1, 3000);
        // Batches come on a timer: find this request's entry among them.
        const auto find = [this] {
            for (const QList<QVariant> &batch : std::as_const(*m_logged))
                for (const auto &entry : batch.first().value<QList<proxy::AccessLogEntry>>())
                    if (entry.target == "/denied")
                        return std::optional(entry);
            return std::optional<proxy::AccessLogEntry>();
        };
        QTRY_VERIFY_WITH_TIMEOUT(find().has_value(), 3000);
        const proxy::AccessLogEntry entry = *find();
        QCOMPARE(entry.status, 403);
        QCOMPARE(entry.clientAddress, QStringLiteral("10.0.0.66"));
        QCOMPARE(entry.deniedBy, QStringLiteral("access"));
        QCOMPARE(entry.policyOrigin, QStringLiteral("host policy.test"));
        // The text access log (serve --access-log) says so too, on refusals only.
        const QByteArray line = proxy::formatAccessLogLine(entry);
        QVERIFY2(line.endsWith(" denied=access policy=\"host policy.test\"\n"), line.constData());
    }

    void userInTextLog_data() {
        QTest::addColumn<QByteArray>("user");
        QTest::addColumn<QByteArray>("written");
        QTest::newRow("none") << QByteArray() << QByteArray("10.0.0.1 - - [");
        QTest::newRow("a name") << QByteArray("alice") << QByteArray("10.0.0.1 - alice [");
        QTest::newRow("spaces and quotes escaped")
            << QByteArray("a b\"\n") << QByteArray("10.0.0.1 - a\\x20b\\x22\\x0A [");
    }
    void userInTextLog() {
        QFETCH(QByteArray, user);
        QFETCH(QByteArray, written);
        proxy::AccessLogEntry entry;
        entry.clientAddress = QStringLiteral("10.0.0.1");
        entry.user = user;
        const QByteArray line = proxy::formatAccessLogLine(entry);
        QVERIFY2(line.startsWith(written), line.constData());
        QVERIFY(!line.contains(" denied="));
    }

private:
    QTemporaryDir m_files;
    std::unique_ptr<TestBackend> m_alpha;
    std::unique_ptr<proxy::ProxyEngine> m_engine;
    std::unique_ptr<QSignalSpy> m_logged;
    quint16 m_web = 0;
    quint16 m_edge = 0;
};

INGRESS_PEER_TEST_MAIN(TestProxyPolicies)
#include "tst_proxypolicies.moc"
