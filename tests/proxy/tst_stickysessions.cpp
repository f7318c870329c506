// Sticky sessions end to end (docs/proxy.md, "Sticky sessions"): real backends on loopback
// behind an engine with two workers; the cookie the first answer sets keeps a client on its
// endpoint until that endpoint is ejected or unhealthy, and a reload that keeps the endpoint
// keeps the cookie good.
#include "model/routing/routingtable.h"
#include "proxy/http/requestcookie.h"
#include "proxy/proxyengine.h"
#include "tests/common/topologybuilders.h"
#include "tests/proxy/testbackend.h"
#include "tests/proxy/testclient.h"

#include <map>
#include <memory>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace ingress;
using namespace ingress::test;
using namespace ingress::testing;

namespace {

const QByteArray defaultCookie = "INGRESSCOOKIE";

Service stickyService(const QString &name, const QStringList &endpoints,
                      LoadBalancing policy = LoadBalancing::RoundRobin,
                      std::optional<Duration> ttl = {}, const QString &cookie = defaultCookie) {
    Service s = service(name, endpoints, policy);
    s.stickySession = StickySession{};
    s.stickySession->cookie = cookie;
    s.stickySession->ttl = ttl;
    return s;
}

// One host, "sticky.test", whose "/" goes to the first service.
Topology topologyOf(const QList<Service> &services) {
    Topology t;
    t.listeners = {listener(QStringLiteral("web"))};
    t.services = services;
    t.hosts = {
        host(QStringLiteral("sticky.test"), {prefix(QStringLiteral("/"), services[0].name)})};
    return t;
}

QByteArray cookieHeader(const QByteArray &value) {
    return value.isEmpty() ? QByteArray() : "Cookie: " + value + "\r\n";
}

// The name of the backend that answered (TestBackend's X-Backend).
QByteArray answeredBy(const HttpResponse &response) {
    return response.header("x-backend");
}

} // namespace

class TestStickySessions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup() {
        if (m_engine)
            m_engine->stop(Duration(1000));
        m_engine.reset();
        m_backends.clear();
    }

    void findsCookie_data() {
        QTest::addColumn<QList<QByteArray>>("fields"); // Cookie field values
        QTest::addColumn<QByteArray>("expected");
        using L = QList<QByteArray>;
        QTest::newRow("alone") << L{"INGRESSCOOKIE=abc"} << QByteArray("abc");
        QTest::newRow("among others") << L{"a=1; INGRESSCOOKIE=abc; b=2"} << QByteArray("abc");
        QTest::newRow("last, no spaces") << L{"a=1;b=2;INGRESSCOOKIE=abc"} << QByteArray("abc");
        QTest::newRow("second field")
            << L{"a=1; b=2", "c=3; INGRESSCOOKIE=abc"} << QByteArray("abc");
        QTest::newRow("first wins")
            << L{"INGRESSCOOKIE=one", "INGRESSCOOKIE=two"} << QByteArray("one");
        QTest::newRow("quoted") << L{"INGRESSCOOKIE=\"abc\""} << QByteArray("abc");
        QTest::newRow("stray spaces") << L{" ;  INGRESSCOOKIE = abc ; x"} << QByteArray("abc");
        QTest::newRow("longer name") << L{"XINGRESSCOOKIE=no; INGRESSCOOKIEX=no"} << QByteArray();
        QTest::newRow("case matters") << L{"ingresscookie=no"} << QByteArray();
        QTest::newRow("no value") << L{"INGRESSCOOKIE"} << QByteArray();
        QTest::newRow("empty value") << L{"INGRESSCOOKIE=; b=2"} << QByteArray();
        QTest::newRow("none") << L{} << QByteArray();
    }
    void findsCookie() {
        QFETCH(QList<QByteArray>, fields);
        QFETCH(QByteArray, expected);
        proxy::http::RequestHead head;
        head.headers.push_back({"Accept", "*/*"});
        for (const QByteArray &field : fields)
            head.headers.push_back({"Cookie", std::string_view(field.constData(), field.size())});
        const std::string_view found = proxy::http::findCookie(head, "INGRESSCOOKIE");
        QCOMPARE(QByteArray(found.data(), qsizetype(found.size())), expected);
    }

    void firstAnswerSetsCookie_data() {
        QTest::addColumn<QString>("cookie");
        QTest::addColumn<int>("ttlSeconds"); // 0: none
        QTest::addColumn<QByteArray>("attributes");
        QTest::newRow("default, session cookie")
            << QString::fromLatin1(defaultCookie) << 0 << QByteArray("; Path=/; HttpOnly");
        QTest::newRow("named, 12h") << QStringLiteral("shop_route") << 12 * 3600
                                    << QByteArray("; Path=/; HttpOnly; Max-Age=43200");
        QTest::newRow("1s") << QStringLiteral("s") << 1
                            << QByteArray("; Path=/; HttpOnly; Max-Age=1");
    }
    void firstAnswerSetsCookie() {
        QFETCH(QString, cookie);
        QFETCH(int, ttlSeconds);
        QFETCH(QByteArray, attributes);
        const std::optional<Duration> ttl =
            ttlSeconds > 0 ? std::optional<Duration>(Duration(ttlSeconds * 1000)) : std::nullopt;
        startBackends({"alpha", "beta"});
        start(topologyOf({stickyService(QStringLiteral("pair"), addresses({"alpha", "beta"}),
                                        LoadBalancing::RoundRobin, ttl, cookie)}));
        QSet<QByteArray> seen;
        for (int i = 0; i < 4; ++i) {
            const auto response = request(m_port, get("sticky.test", "/"));
            QVERIFY(response.has_value());
            QCOMPARE(response->status, 200);
            const QByteArray backend = answeredBy(*response);
            seen.insert(backend);
            QCOMPARE(response->headerCount("set-cookie"), 1);
            QCOMPARE(response->header("set-cookie"),
                     cookie.toLatin1() + "=" + token("pair", backend) + attributes);
        }
        QCOMPARE(seen.size(), 2); // both endpoints were chosen, each naming itself
    }

    void cookieKeepsEndpoint_data() {
        QTest::addColumn<int>("policy");
        QTest::newRow("RoundRobin") << int(LoadBalancing::RoundRobin);
        QTest::newRow("LeastConnections") << int(LoadBalancing::LeastConnections);
        QTest::newRow("IPHash") << int(LoadBalancing::IPHash);
        QTest::newRow("Random") << int(LoadBalancing::Random);
    }
    void cookieKeepsEndpoint() {
        QFETCH(int, policy);
        startBackends({"alpha", "beta", "gamma"});
        start(
            topologyOf({stickyService(QStringLiteral("trio"), addresses({"alpha", "beta", "gamma"}),
                                      LoadBalancing(policy))}));
        // The first answer's cookie, then 20 requests carrying it (new connections, so both
        // workers serve some).
        const auto first = request(m_port, get("sticky.test", "/"));
        QVERIFY(first.has_value());
        const QByteArray chosen = answeredBy(*first);
        const QByteArray setCookie = first->header("set-cookie");
        QVERIFY(setCookie.startsWith(defaultCookie + "=" + token("trio", chosen) + ";"));
        const QByteArray pair = setCookie.left(setCookie.indexOf(';'));
        for (int i = 0; i < 20; ++i) {
            const auto response = request(m_port, get("sticky.test", "/", cookieHeader(pair)));
            QVERIFY(response.has_value());
            QCOMPARE(response->status, 200);
            QCOMPARE(answeredBy(*response), chosen);
            QCOMPARE(response->headerCount("set-cookie"), 0); // it already names the endpoint
        }
        // Every endpoint can be the sticky one, and keep-alive requests stick too.
        for (const QByteArray &name :
             {QByteArray("alpha"), QByteArray("beta"), QByteArray("gamma")}) {
            RawClient client;
            QVERIFY(client.connectTo(m_port));
            for (int i = 0; i < 5; ++i) {
                client.send(get("sticky.test", "/",
                                cookieHeader(defaultCookie + "=" + token("trio", name))));
                const auto response = client.read();
                QVERIFY(response.has_value());
                QCOMPARE(answeredBy(*response), name);
                QCOMPARE(response->headerCount("set-cookie"), 0);
            }
        }
    }

    void cookieAmongOthers_data() {
        QTest::addColumn<QByteArray>("fields"); // {alpha}, {beta}: those endpoints' tokens
        QTest::newRow("middle") << QByteArray("Cookie: a=1; INGRESSCOOKIE={beta}; b=2\r\n");
        QTest::newRow("second field")
            << QByteArray("Cookie: a=1\r\nX-Other: 1\r\ncookie: INGRESSCOOKIE={beta}\r\n");
        QTest::newRow("similar names first")
            << QByteArray("Cookie: XINGRESSCOOKIE={alpha}; INGRESSCOOKIEX={alpha}; "
                          "INGRESSCOOKIE={beta}\r\n");
        QTest::newRow("quoted") << QByteArray("Cookie: INGRESSCOOKIE=\"{beta}\"\r\n");
        QTest::newRow("first of two") << QByteArray("Cookie: INGRESSCOOKIE={beta}\r\n"
                                                    "Cookie: INGRESSCOOKIE={alpha}\r\n");
    }
    void cookieAmongOthers() {
        QFETCH(QByteArray, fields);
        startBackends({"alpha", "beta"});
        start(topologyOf({stickyService(QStringLiteral("pair"), addresses({"alpha", "beta"}))}));
        fields.replace("{alpha}", token("pair", "alpha")).replace("{beta}", token("pair", "beta"));
        for (int i = 0; i < 6; ++i) {
            const auto response = request(m_port, get("sticky.test", "/", fields));
            QVERIFY(response.has_value());
            QCOMPARE(answeredBy(*response), QByteArray("beta"));
            QCOMPARE(response->headerCount("set-cookie"), 0);
        }
    }

    void unknownTokenRebalanced_data() {
        QTest::addColumn<QByteArray>("cookie");
        QTest::newRow("unknown token") << QByteArray("INGRESSCOOKIE=0123456789abcdef");
        QTest::newRow("empty value") << QByteArray("INGRESSCOOKIE=");
        QTest::newRow("garbage") << QByteArray("INGRESSCOOKIE=%00\"; x");
        QTest::newRow("other cookies only") << QByteArray("session=1; theme=dark");
    }
    void unknownTokenRebalanced() {
        QFETCH(QByteArray, cookie);
        startBackends({"alpha", "beta"});
        start(topologyOf({stickyService(QStringLiteral("pair"), addresses({"alpha", "beta"}))}));
        QSet<QByteArray> seen;
        for (int i = 0; i < 4; ++i) {
            const auto response = request(m_port, get("sticky.test", "/", cookieHeader(cookie)));
            QVERIFY(response.has_value());
            QCOMPARE(response->status, 200);
            seen.insert(answeredBy(*response));
            QCOMPARE(response->header("set-cookie"), defaultCookie + "=" +
                                                         token("pair", answeredBy(*response)) +
                                                         "; Path=/; HttpOnly");
        }
        QCOMPARE(seen.size(), 2); // balanced as usual
    }

    // The cookie's endpoint refuses connections: the request is retried on another endpoint,
    // whose token the new cookie carries; once passive health ejects the dead one, requests with
    // its cookie go straight elsewhere.
    void refusedEndpointMovesClient_data() {
        QTest::addColumn<bool>("stopped"); // a backend that answered, then stopped; else never up
        QTest::newRow("backend stopped") << true;
        QTest::newRow("never listening") << false;
    }
    void refusedEndpointMovesClient() {
        QFETCH(bool, stopped);
        startBackends({"alpha", "beta"});
        const QString dead =
            stopped ? m_backends.at("beta")->address() : QStringLiteral("127.0.0.1:1");
        start(topologyOf({stickyService(QStringLiteral("pair"),
                                        {m_backends.at("alpha")->address(), dead})}),
              true);
        const QByteArray deadCookie = defaultCookie + "=" + tokenOf("pair", dead);
        if (stopped) {
            // Answered once (leaving a pooled connection behind), then gone.
            const auto response =
                request(m_port, get("sticky.test", "/", cookieHeader(deadCookie)));
            QVERIFY(response.has_value());
            QCOMPARE(answeredBy(*response), QByteArray("beta"));
            m_backends.erase("beta");
        }
        const QByteArray alphaCookie =
            defaultCookie + "=" + token("pair", "alpha") + "; Path=/; HttpOnly";
        for (int i = 0; i < 8; ++i) {
            const auto response =
                request(m_port, get("sticky.test", "/", cookieHeader(deadCookie)));
            QVERIFY(response.has_value());
            QCOMPARE(response->status, 200);
            QCOMPARE(answeredBy(*response), QByteArray("alpha"));
            QCOMPARE(response->header("set-cookie"), alphaCookie);
        }
        // Without a cookie too: whatever the balancer tried first, the cookie names alpha.
        for (int i = 0; i < 4; ++i) {
            const auto response = request(m_port, get("sticky.test", "/"));
            QVERIFY(response.has_value());
            QCOMPARE(response->header("set-cookie"), alphaCookie);
        }
        // The refused connects were retried, and stopped once passive health ejected the
        // endpoint (two failures; the other worker may race in one or two more).
        QTRY_COMPARE_WITH_TIMEOUT(loggedEntries().size(), stopped ? 13 : 12, 3000);
        int refused = 0;
        for (const proxy::AccessLogEntry &entry : loggedEntries()) {
            QCOMPARE(entry.status, 200);
            refused += entry.upstreamError.startsWith(u"connect refused") ? 1 : 0;
        }
        QVERIFY2(refused >= 1 && refused <= 4, qPrintable(QString::number(refused)));
    }

    void unhealthyEndpointMovesClient() {
        startBackends({"alpha", "beta"});
        Service pair = stickyService(QStringLiteral("pair"), addresses({"alpha", "beta"}));
        pair.healthCheck = HealthCheck{};
        pair.healthCheck->path = QStringLiteral("/health");
        pair.healthCheck->interval = Duration(100);
        pair.healthCheck->timeout = Duration(500);
        pair.healthCheck->unhealthyThreshold = 1;
        pair.healthCheck->healthyThreshold = 1;
        start(topologyOf({pair}));
        QSignalSpy health(m_engine.get(), &proxy::ProxyEngine::endpointHealthChanged);
        const QByteArray betaCookie = defaultCookie + "=" + token("pair", "beta");
        auto askWithBetaCookie = [&] {
            return request(m_port, get("sticky.test", "/", cookieHeader(betaCookie)));
        };
        const auto before = askWithBetaCookie();
        QVERIFY(before.has_value());
        QCOMPARE(answeredBy(*before), QByteArray("beta"));

        m_backends.at("beta")->setHealthStatus(503);
        QTRY_VERIFY_WITH_TIMEOUT(sawHealth(health, "beta", false), 5000);
        for (int i = 0; i < 5; ++i) {
            const auto response = askWithBetaCookie();
            QVERIFY(response.has_value());
            QCOMPARE(answeredBy(*response), QByteArray("alpha"));
            QCOMPARE(response->header("set-cookie"),
                     defaultCookie + "=" + token("pair", "alpha") + "; Path=/; HttpOnly");
        }

        m_backends.at("beta")->setHealthStatus(200);
        QTRY_VERIFY_WITH_TIMEOUT(sawHealth(health, "beta", true), 5000);
        const auto after = askWithBetaCookie();
        QVERIFY(after.has_value());
        QCOMPARE(answeredBy(*after), QByteArray("beta"));
        QCOMPARE(after->headerCount("set-cookie"), 0);
    }

    // Tokens digest the service and the address: a reload that keeps an endpoint (even moved,
    // with others added) keeps its token, and the clients that hold it.
    void reloadKeepsStickiness() {
        startBackends({"alpha", "beta", "gamma"});
        start(topologyOf({stickyService(QStringLiteral("pair"), addresses({"alpha", "beta"}))}));
        const QByteArray betaToken = token("pair", "beta");
        const QByteArray alphaToken = token("pair", "alpha");
        QVERIFY(!betaToken.isEmpty() && betaToken != alphaToken);
        QCOMPARE(betaToken.size(), 16);

        QVERIFY(m_engine->reload(RoutingTable::compile(topologyOf(
            {stickyService(QStringLiteral("pair"), addresses({"gamma", "beta", "alpha"}))}))));
        QCOMPARE(token("pair", "beta"), betaToken);
        QCOMPARE(token("pair", "alpha"), alphaToken);
        for (int i = 0; i < 10; ++i) {
            const auto response = request(
                m_port, get("sticky.test", "/", cookieHeader(defaultCookie + "=" + betaToken)));
            QVERIFY(response.has_value());
            QCOMPARE(answeredBy(*response), QByteArray("beta"));
            QCOMPARE(response->headerCount("set-cookie"), 0);
        }
        // A renamed service is another service: its tokens differ, its clients are rebalanced.
        QVERIFY(m_engine->reload(RoutingTable::compile(
            topologyOf({stickyService(QStringLiteral("renamed"), addresses({"alpha", "beta"}))}))));
        QVERIFY(token("renamed", "beta") != betaToken);
        const auto response =
            request(m_port, get("sticky.test", "/", cookieHeader(defaultCookie + "=" + betaToken)));
        QVERIFY(response.has_value());
        QCOMPARE(response->header("set-cookie"), defaultCookie + "=" +
                                                     token("renamed", answeredBy(*response)) +
                                                     "; Path=/; HttpOnly");
    }

    // A split picks the service by weight first; each service's own cookie then picks within it.
    void splitPicksServiceFirst() {
        startBackends({"blue1", "blue2", "green1", "green2"});
        Topology t =
            topologyOf({stickyService(QStringLiteral("blue"), addresses({"blue1", "blue2"}),
                                      LoadBalancing::RoundRobin, {}, QStringLiteral("blue")),
                        stickyService(QStringLiteral("green"), addresses({"green1", "green2"}),
                                      LoadBalancing::RoundRobin, {}, QStringLiteral("green"))});
        Route split = prefix(QStringLiteral("/"), QString());
        split.backends << RouteBackend{QStringLiteral("blue"), 1, {}}
                       << RouteBackend{QStringLiteral("green"), 1, {}};
        t.hosts = {host(QStringLiteral("sticky.test"), {split})};
        start(t);
        const QByteArray cookies =
            "blue=" + token("blue", "blue2") + "; green=" + token("green", "green1");
        QSet<QByteArray> seen;
        for (int i = 0; i < 40; ++i) {
            const auto response = request(m_port, get("sticky.test", "/", cookieHeader(cookies)));
            QVERIFY(response.has_value());
            const QByteArray backend = answeredBy(*response);
            QVERIFY2(backend == "blue2" || backend == "green1", backend.constData());
            QCOMPARE(response->headerCount("set-cookie"), 0);
            seen.insert(backend);
        }
        QCOMPARE(seen.size(), 2); // the split still shares between the services
        // Only blue's cookie: green's answers set green's.
        for (int i = 0; i < 8; ++i) {
            const auto response = request(
                m_port, get("sticky.test", "/", cookieHeader("blue=" + token("blue", "blue1"))));
            QVERIFY(response.has_value());
            const QByteArray backend = answeredBy(*response);
            if (backend.startsWith("blue")) {
                QCOMPARE(backend, QByteArray("blue1"));
                QCOMPARE(response->headerCount("set-cookie"), 0);
            } else {
                QCOMPARE(response->header("set-cookie"),
                         "green=" + token("green", backend) + "; Path=/; HttpOnly");
            }
        }
    }

    // A route's own Set-Cookie (here its responseHeaders filter's) is kept beside ours.
    void keepsOtherSetCookies() {
        startBackends({"alpha"});
        Topology t = topologyOf({stickyService(QStringLiteral("one"), addresses({"alpha"}))});
        t.hosts[0].routes[0].responseHeaders.add
            << HeaderValue{QStringLiteral("Set-Cookie"), QStringLiteral("app=1; Path=/")};
        start(t);
        const auto response = request(m_port, get("sticky.test", "/"));
        QVERIFY(response.has_value());
        QCOMPARE(response->headerCount("set-cookie"), 2);
        int ours = 0;
        for (const auto &[name, value] : response->headers)
            if (name.toLower() == "set-cookie")
                ours += value.startsWith(defaultCookie + "=" + token("one", "alpha")) ? 1 : 0;
        QCOMPARE(ours, 1);
    }

    void withoutStickyNoCookie_data() {
        QTest::addColumn<QByteArray>("cookie");
        QTest::newRow("no cookie") << QByteArray();
        QTest::newRow("a stale sticky cookie") << QByteArray("INGRESSCOOKIE=0123456789abcdef");
    }
    void withoutStickyNoCookie() {
        QFETCH(QByteArray, cookie);
        startBackends({"alpha", "beta"});
        start(topologyOf({service(QStringLiteral("plain"), addresses({"alpha", "beta"}))}));
        QCOMPARE(m_engine->table()->services()[0].sticky.has_value(), false);
        QSet<QByteArray> seen;
        for (int i = 0; i < 6; ++i) {
            const auto response = request(m_port, get("sticky.test", "/", cookieHeader(cookie)));
            QVERIFY(response.has_value());
            QCOMPARE(response->status, 200);
            QCOMPARE(response->headerCount("set-cookie"), 0);
            seen.insert(answeredBy(*response));
        }
        QCOMPARE(seen.size(), 2);
    }

private:
    void startBackends(const QList<QByteArray> &names) {
        for (const QByteArray &name : names)
            m_backends[name] = std::make_unique<TestBackend>(QString::fromLatin1(name));
    }
    QStringList addresses(const QList<QByteArray> &names) const {
        QStringList list;
        for (const QByteArray &name : names)
            list << m_backends.at(name)->address();
        return list;
    }
    // QVERIFY inside: callers return when it failed (QTest::currentTestFailed).
    void start(const Topology &t, bool passiveHealthFast = false) {
        proxy::ProxySettings settings;
        settings.workers = 2;
        settings.collectAccessLog = true;
        if (passiveHealthFast)
            settings.passiveFailureThreshold = 2;
        m_engine = std::make_unique<proxy::ProxyEngine>(settings);
        m_logged =
            std::make_unique<QSignalSpy>(m_engine.get(), &proxy::ProxyEngine::requestsLogged);
        QStringList errors;
        QVERIFY2(m_engine->start(RoutingTable::compile(t), &errors),
                 qPrintable(errors.join(u'\n')));
        m_port = m_engine->port(QStringLiteral("web"));
        QVERIFY(m_port != 0);
    }
    // The served table's token for the endpoint at `address` of `service`.
    QByteArray tokenOf(const char *service, const QString &address) const {
        for (const CompiledService &s : m_engine->table()->services())
            if (s.name == service)
                for (const CompiledEndpoint &e : s.endpoints)
                    if (e.address == address.toStdString())
                        return QByteArray::fromStdString(e.stickyToken);
        return {};
    }
    QByteArray token(const char *service, const QByteArray &backend) const {
        const auto found = m_backends.find(backend);
        return found == m_backends.end() ? QByteArray()
                                         : tokenOf(service, found->second->address());
    }
    QList<proxy::AccessLogEntry> loggedEntries() const {
        QList<proxy::AccessLogEntry> entries;
        for (const QList<QVariant> &batch : std::as_const(*m_logged))
            entries += batch.at(0).value<QList<proxy::AccessLogEntry>>();
        return entries;
    }
    bool sawHealth(const QSignalSpy &spy, const QByteArray &backend, bool healthy) const {
        const QString address = m_backends.at(backend)->address();
        for (const QList<QVariant> &signal : spy)
            for (const auto &change : signal.at(0).value<QList<proxy::EndpointHealth>>())
                if (change.address == address && change.healthy == healthy)
                    return true;
        return false;
    }

    std::map<QByteArray, std::unique_ptr<TestBackend>> m_backends;
    std::unique_ptr<proxy::ProxyEngine> m_engine;
    std::unique_ptr<QSignalSpy> m_logged;
    quint16 m_port = 0;
};

QTEST_GUILESS_MAIN(TestStickySessions)
#include "tst_stickysessions.moc"
