// Host and route policies in the document: loading and saving them, the CIDR blocks and
// htpasswd files they name, and what the routing snapshot compiles them into (the route's parts
// laid over the host's, shared limit scopes, explain's words). Their validation rules:
// tst_policyvalidation.
#include "model/certs/htpasswdfile.h"
#include "model/routing/explainer.h"
#include "model/routing/routingtable.h"
#include "model/yaml/topologyloader.h"
#include "tests/common/diagnosticstext.h"
#include "tests/common/topologybuilders.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ingress;
using namespace ingress::testing;

namespace {

IpBytes address(const char *text) {
    return *IpBlock::parseAddress(text);
}

} // namespace

class TestPolicies : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void load() {
        const LoadResult result =
            TopologyLoader::loadFile(QStringLiteral(INGRESS_TEST_DATA "/policies.yaml"));
        QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
        QVERIFY2(result.diagnostics.isEmpty(), qPrintable(dump(result.diagnostics)));
        const Topology &t = *result.topology;
        QCOMPARE(t.listeners[0].trustedProxies,
                 QStringList({QStringLiteral("10.0.0.0/8"), QStringLiteral("2001:db8::/32")}));
        QVERIFY(t.listeners[0].proxyProtocol);
        const Policy &host = t.hosts[0].policy;
        QCOMPARE(host.deny, QStringList{QStringLiteral("10.0.0.66")});
        QVERIFY(host.basicAuth);
        QCOMPARE(host.basicAuth->realm, QStringLiteral("Shop"));
        QVERIFY(host.rateLimit);
        QCOMPARE(host.rateLimit->requests, 10);
        QCOMPARE(host.rateLimit->burst, 20);
        QCOMPARE(host.connectionLimit, std::optional<int>(20));
        const Policy &api = t.hosts[0].routes[2].policy;
        QCOMPARE(api.rateLimit->per, RateUnit::Minute);
        QCOMPARE(api.rateLimit->header, QStringLiteral("X-Api-Key"));
        QVERIFY(api.allow.isEmpty() && !api.basicAuth);
        QVERIFY(api.externalAuth && !host.externalAuth);
        QCOMPARE(api.externalAuth->service, QStringLiteral("auth"));
        QCOMPARE(api.externalAuth->path, QStringLiteral("/oauth2/auth?allowed_groups=api"));
        QCOMPARE(api.externalAuth->responseHeaders.size(), 2);
        QCOMPARE(api.externalAuth->signIn, QStringLiteral("https://auth.example.com/oauth2/start"));
        QVERIFY(host.cors);
        QCOMPARE(host.cors->allowOrigins.size(), 2);
        QVERIFY(host.cors->allowCredentials);
        QCOMPARE(host.cors->exposeHeaders, QStringList{QStringLiteral("X-Request-Id")});
        QCOMPARE(host.cors->maxAgeSeconds(), 600);
        QCOMPARE(host.cors->methods(), Cors::defaultMethods());
        QVERIFY(host.securityHeaders && host.securityHeaders->isRecommended());
        // A route's parts replace the host's: no origin, the preset without HSTS, DENY.
        const Policy health = host.overriddenBy(t.hosts[0].routes[1].policy);
        QVERIFY(health.cors && health.cors->allowOrigins.isEmpty());
        QVERIFY(health.securityHeaders && !health.securityHeaders->hsts);
        QVERIFY(health.securityHeaders->noSniff);
        QCOMPARE(health.securityHeaders->frameOptions, QStringLiteral("DENY"));
    }

    void badInput_data() {
        QTest::addColumn<QByteArray>("policy");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown rate unit")
            << QByteArray("rateLimit: {requests: 5, per: hour}")
            << QStringLiteral("not a rate unit (expected second or minute)");
        QTest::newRow("zero requests")
            << QByteArray("rateLimit: {requests: 0}") << QStringLiteral("a count 1-1000000");
        QTest::newRow("rate without requests")
            << QByteArray("rateLimit: {per: second}") << QStringLiteral("requests");
        QTest::newRow("basic auth without file")
            << QByteArray("basicAuth: {realm: x}") << QStringLiteral("htpasswd");
        QTest::newRow("connection limit text")
            << QByteArray("connectionLimit: many") << QStringLiteral("a count 1-1000000");
        QTest::newRow("typo") << QByteArray("alow: [10.0.0.0/8]")
                              << QStringLiteral("did you mean 'allow'");
        QTest::newRow("frame options") << QByteArray("securityHeaders: {frameOptions: ALLOW}")
                                       << QStringLiteral("expected one of DENY, SAMEORIGIN");
        QTest::newRow("referrer policy") << QByteArray("securityHeaders: {referrerPolicy: never}")
                                         << QStringLiteral("expected one of no-referrer,");
        QTest::newRow("unknown preset") << QByteArray("securityHeaders: {preset: strict}")
                                        << QStringLiteral("expected recommended");
        QTest::newRow("preset name")
            << QByteArray("securityHeaders: strict") << QStringLiteral("securityHeaders");
        QTest::newRow("hsts max age") << QByteArray("securityHeaders: {hsts: {maxAge: -1}}")
                                      << QStringLiteral("seconds 0-2147483647");
        QTest::newRow("cors max age")
            << QByteArray("cors: {maxAge: 1y}") << QStringLiteral("seconds 0-2147483647");
        QTest::newRow("cors typo") << QByteArray("cors: {allowOrigin: ['*']}")
                                   << QStringLiteral("did you mean 'allowOrigins'");
        QTest::newRow("external auth without service")
            << QByteArray("externalAuth: {path: /auth}") << QStringLiteral("service");
        QTest::newRow("external auth typo")
            << QByteArray("externalAuth: {service: a, responseHeader: [X-User]}")
            << QStringLiteral("did you mean 'responseHeaders'");
    }
    void badInput() {
        QFETCH(QByteArray, policy);
        QFETCH(QString, message);
        const QByteArray yaml = "apiVersion: ingress-studio/v1\nkind: Topology\nhosts:\n"
                                "  - host: a.test\n    policy: {" +
                                policy + "}\n";
        const LoadResult result = TopologyLoader::loadData(yaml, QStringLiteral("bad.yaml"));
        const QString text = dump(result.diagnostics);
        QVERIFY2(text.contains(message), qPrintable(text));
        QVERIFY2(text.contains(u"bad.yaml:5:"), qPrintable(text)); // where: the policy's line
    }

    void ipBlocks_data() {
        QTest::addColumn<QString>("block");
        QTest::addColumn<QString>("inside");
        QTest::addColumn<QString>("outside");
        QTest::newRow("IPv4 /8") << "10.0.0.0/8"
                                 << "10.255.1.2"
                                 << "11.0.0.1";
        QTest::newRow("host bits ignored") << "10.1.2.3/8"
                                           << "10.9.9.9"
                                           << "9.0.0.1";
        QTest::newRow("one address") << "192.0.2.7"
                                     << "192.0.2.7"
                                     << "192.0.2.8";
        QTest::newRow("odd prefix") << "192.0.2.0/25"
                                    << "192.0.2.127"
                                    << "192.0.2.128";
        QTest::newRow("IPv6 /32") << "2001:db8::/32"
                                  << "2001:db8:ffff::1"
                                  << "2001:db9::1";
        QTest::newRow("IPv4 in IPv6 form") << "10.0.0.0/8"
                                           << "::ffff:10.0.0.1"
                                           << "::10.0.0.1";
        QTest::newRow("everything IPv4") << "0.0.0.0/0"
                                         << "203.0.113.9"
                                         << "::1";
        QTest::newRow("everything IPv6") << "::/0"
                                         << "::1"
                                         << "";
    }
    void ipBlocks() {
        QFETCH(QString, block);
        QFETCH(QString, inside);
        QFETCH(QString, outside);
        const auto parsed = IpBlock::parse(block.toStdString());
        QVERIFY(parsed);
        QVERIFY(parsed->contains(address(inside.toLatin1().constData())));
        if (!outside.isEmpty())
            QVERIFY(!parsed->contains(address(outside.toLatin1().constData())));
    }

    void badIpBlocks_data() {
        QTest::addColumn<QString>("text");
        for (const char *text : {"", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/8x", "office",
                                 "10.0.0", "10.0.0.0/-1", "[::1]"})
            QTest::newRow(text) << QString::fromLatin1(text);
    }
    void badIpBlocks() {
        QFETCH(QString, text);
        QVERIFY(!IpBlock::parse(text.toStdString()));
    }

    void htpasswd_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("error"); // empty: fine
        QTest::addColumn<int>("users");
        QTest::newRow("every scheme")
            << QByteArray("# staff\na:$2y$05$abcdefghijklmnopqrstuu\nb:$apr1$x$y\n\nc:$6$s$h\n"
                          "d:{SHA}abc=\r\ne:$5$s$h:comment\nf:$2a$10$x\ng:$2b$10$y\n")
            << QString() << 7;
        QTest::newRow("plain text refused") << QByteArray("a:$6$s$h\n\n# x\nbob:secret\n")
                                            << QStringLiteral("line 4: user 'bob'") << 0;
        QTest::newRow("DES crypt refused")
            << QByteArray("a:$2y$x\nb:rl0ckOQbo/aw.\n") << QStringLiteral("line 2: user 'b'") << 0;
        QTest::newRow("MD5-crypt refused")
            << QByteArray("a:$1$salt$hash\n") << QStringLiteral("line 1:") << 0;
        QTest::newRow("prefix alone") << QByteArray("a:$6$\n") << QStringLiteral("line 1:") << 0;
        QTest::newRow("no colon") << QByteArray("\n\njust-a-name\n")
                                  << QStringLiteral("line 3: expected 'user:hash'") << 0;
        QTest::newRow("no user name")
            << QByteArray(":$2y$05$x\n") << QStringLiteral("line 1: expected") << 0;
        QTest::newRow("user twice") << QByteArray("a:$6$s$h\na:$6$t$h\n")
                                    << QStringLiteral("line 2: user 'a' is listed twice") << 0;
        QTest::newRow("empty file") << QByteArray() << QStringLiteral("no users") << 0;
        QTest::newRow("comments only")
            << QByteArray("# nobody yet\n\n") << QStringLiteral("no users") << 0;
    }
    void htpasswd() {
        QFETCH(QByteArray, text);
        QFETCH(QString, error);
        QFETCH(int, users);
        const HtpasswdFile file = HtpasswdFile::parse(text);
        if (error.isEmpty()) {
            QVERIFY2(file.ok(), qPrintable(file.error));
            QCOMPARE(int(file.users.size()), users);
        } else {
            QVERIFY2(file.error.startsWith(error), qPrintable(file.error));
        }
        // Through a file, as the engine, validation and the property editor read it.
        QTemporaryDir dir;
        QFile out(dir.filePath(QStringLiteral("case.htpasswd")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text);
        out.close();
        const HtpasswdFile read = HtpasswdFile::read(out.fileName());
        QCOMPARE(read.error.isEmpty(), error.isEmpty());
        if (!error.isEmpty())
            QCOMPARE(read.error, out.fileName() + QStringLiteral(": ") + file.error);
    }

    void htpasswdNotAFile() {
        QTemporaryDir dir;
        QVERIFY(HtpasswdFile::read(dir.filePath(QStringLiteral("nope")))
                    .error.endsWith(u"no such file"));
        QVERIFY(HtpasswdFile::read(dir.path()).error.contains(u"a folder"));
    }

    void compiled() {
        const LoadResult result =
            TopologyLoader::loadFile(QStringLiteral(INGRESS_TEST_DATA "/policies.yaml"));
        QVERIFY(result.ok());
        const auto table = RoutingTable::compile(*result.topology);
        QCOMPARE(table->listeners()[0].trustedProxies.size(), std::size_t(2));
        QVERIFY(table->listeners()[0].proxyProtocol);
        QCOMPARE(table->policies().size(), std::size_t(3)); // one per route
        const CompiledHost &host = table->hosts()[0];
        const auto policyOf = [&](int route) -> const CompiledPolicy & {
            return table->policies()[std::size_t(host.routes[std::size_t(route)].policy)];
        };
        // "/": the host's policy as it is.
        QCOMPARE(policyOf(0).origin, std::string("host shop.example.com"));
        QVERIFY(!policyOf(0).admits(address("10.0.0.66")));
        QVERIFY(!policyOf(0).admits(address("192.0.2.1")));
        QVERIFY(policyOf(0).admits(address("2001:db8::5")));
        QVERIFY(policyOf(0).basicAuth);
        QVERIFY(policyOf(0).basicAuth->htpasswdPath.endsWith(u"/data/shop.htpasswd"));
        QCOMPARE(policyOf(0).rateLimit->intervalUs, 100000);
        QCOMPARE(policyOf(0).rateLimit->burst, 20);
        // "/health": its access list replaces the host's, deny included; the rest inherited,
        // sharing the host's buckets.
        QCOMPARE(policyOf(1).origin, std::string("route /health of shop.example.com"));
        QVERIFY(policyOf(1).admits(address("10.0.0.66")));
        QVERIFY(policyOf(1).basicAuth);
        QCOMPARE(policyOf(1).rateLimit->scope, policyOf(0).rateLimit->scope);
        QCOMPARE(policyOf(1).connectionLimitScope, policyOf(0).connectionLimitScope);
        // "/api": a rate of its own, keyed by header, in a scope of its own.
        QCOMPARE(policyOf(2).rateLimit->intervalUs, 600000);
        QCOMPARE(policyOf(2).rateLimit->header, std::string("x-api-key"));
        QVERIFY(policyOf(2).rateLimit->scope != policyOf(0).rateLimit->scope);
        QCOMPARE(policyOf(2).connectionLimitScope, policyOf(0).connectionLimitScope);
        // ...and external auth, by the auth service's index in the table.
        QVERIFY(!policyOf(0).externalAuth && policyOf(2).externalAuth);
        const CompiledPolicy::ExternalAuth &auth = *policyOf(2).externalAuth;
        QCOMPARE(auth.service, 1);
        QCOMPARE(table->services()[std::size_t(auth.service)].name, std::string("auth"));
        QCOMPARE(auth.path, std::string("/oauth2/auth?allowed_groups=api"));
        QCOMPARE(auth.responseHeaders,
                 (std::vector<std::string>{"x-auth-request-user", "x-auth-request-email"}));
        QCOMPARE(auth.signIn, std::string("https://auth.example.com/oauth2/start"));
    }

    void corsOrigins_data() {
        QTest::addColumn<QStringList>("allowed");
        QTest::addColumn<QString>("origin");
        QTest::addColumn<bool>("allows");
        const QStringList shop{QStringLiteral("https://shop.example.com"),
                               QStringLiteral("https://*.cdn.example.com")};
        QTest::newRow("exact") << shop << "https://shop.example.com" << true;
        QTest::newRow("case") << shop << "HTTPS://Shop.Example.com" << true;
        QTest::newRow("other scheme") << shop << "http://shop.example.com" << false;
        QTest::newRow("port differs") << shop << "https://shop.example.com:8443" << false;
        QTest::newRow("wildcard one label") << shop << "https://a.cdn.example.com" << true;
        QTest::newRow("wildcard two labels") << shop << "https://a.b.cdn.example.com" << true;
        QTest::newRow("wildcard needs a label") << shop << "https://cdn.example.com" << false;
        QTest::newRow("wildcard not a suffix trick")
            << shop << "https://evilcdn.example.com" << false;
        QTest::newRow("any") << QStringList{QStringLiteral("*")} << "https://x.test" << true;
        QTest::newRow("none") << QStringList() << "https://x.test" << false;
        QTest::newRow("null origin") << shop << "null" << false;
        QTest::newRow("empty") << QStringList{QStringLiteral("*")} << "" << false;
    }
    void corsOrigins() {
        QFETCH(QStringList, allowed);
        QFETCH(QString, origin);
        QFETCH(bool, allows);
        Cors cors;
        cors.allowOrigins = allowed;
        const CompiledCors compiled = CompiledCors::compile(cors);
        QCOMPARE(compiled.allows(origin.toStdString()), allows);
    }

    void compiledHeaders() {
        const LoadResult result =
            TopologyLoader::loadFile(QStringLiteral(INGRESS_TEST_DATA "/policies.yaml"));
        QVERIFY(result.ok());
        const auto table = RoutingTable::compile(*result.topology);
        const CompiledHost &shop = table->hosts()[0];
        const CompiledPolicy &root = table->policies()[std::size_t(shop.routes[0].policy)];
        QVERIFY(root.cors);
        QVERIFY(root.cors->credentials);
        QCOMPARE(root.cors->allowOriginValue("https://a.shop.example.com"),
                 std::string_view("https://a.shop.example.com"));
        QCOMPARE(root.cors->methods, std::string("GET, PUT, POST, DELETE, PATCH, OPTIONS"));
        QCOMPARE(root.cors->expose, std::string("X-Request-Id"));
        QCOMPARE(root.cors->maxAge, std::string("600"));
        QCOMPARE(root.hsts, std::string("max-age=31536000"));
        using Field = std::pair<std::string, std::string>;
        QCOMPARE(root.securityHeaders,
                 (std::vector<Field>{{"X-Content-Type-Options", "nosniff"},
                                     {"Referrer-Policy", "strict-origin-when-cross-origin"},
                                     {"X-Frame-Options", "SAMEORIGIN"}}));
        const CompiledPolicy &health = table->policies()[std::size_t(shop.routes[1].policy)];
        QVERIFY(health.hsts.empty());
        QVERIFY(!health.cors->allows("https://shop.example.com"));
        QCOMPARE(health.securityHeaders.back(), (Field{"X-Frame-Options", "DENY"}));
        // Only what can refuse a request makes the engine check it.
        const CompiledCors corsOnly = CompiledCors::compile(Cors{});
        QVERIFY(corsOnly.anyOrigin);
        QCOMPARE(corsOnly.allowOriginValue("https://x.test"), std::string_view("*"));
        QVERIFY(root.checksRequests());
        Topology t;
        t.services << service(QStringLiteral("s"), {QStringLiteral("127.0.0.1:1")});
        VirtualHost h =
            host(QStringLiteral("a.test"), {prefix(QStringLiteral("/"), QStringLiteral("s"))});
        h.policy.securityHeaders = SecurityHeaders::recommended();
        t.hosts << h;
        QVERIFY(!RoutingTable::compile(t)->policies()[0].checksRequests());
    }

    void unreadableAllowFailsClosed() {
        Topology t;
        t.services << service(QStringLiteral("s"), {QStringLiteral("127.0.0.1:1")});
        VirtualHost h =
            host(QStringLiteral("a.test"), {prefix(QStringLiteral("/"), QStringLiteral("s"))});
        h.policy.allow = {QStringLiteral("office")};
        t.hosts << h;
        const auto table = RoutingTable::compile(t);
        QVERIFY(!table->policies()[0].admits(address("127.0.0.1")));
    }

    void explained() {
        const LoadResult result =
            TopologyLoader::loadFile(QStringLiteral(INGRESS_TEST_DATA "/policies.yaml"));
        QVERIFY(result.ok());
        const Explanation e =
            Explainer(RoutingTable::compile(*result.topology))
                .explain(
                    {QStringLiteral("https://shop.example.com/api/x"), QStringLiteral("GET"), {}});
        const QString text = e.toText();
        QVERIFY2(text.contains(u"filter    policy: deny 10.0.0.66/32; allow 10.0.0.0/8, "
                               u"2001:db8::/32, deny the rest; basic auth, realm \"Shop\"; "
                               u"external auth by service auth at /oauth2/auth?allowed_groups=api, "
                               u"copies x-auth-request-user, x-auth-request-email, 401 signs in at "
                               u"https://auth.example.com/oauth2/start; 20 "
                               u"requests at once per client; rate limit 100 per minute, by header "
                               u"X-Api-Key; CORS for https://shop.example.com, "
                               u"https://*.shop.example.com, with credentials; security headers "
                               u"Strict-Transport-Security (TLS), X-Content-Type-Options, "
                               u"Referrer-Policy, X-Frame-Options (from route /api of "
                               u"shop.example.com)"),
                 qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(TestPolicies)
#include "tst_policies.moc"
