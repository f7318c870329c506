// Sticky sessions in the document: the `stickySession` field loaded and checked, and what the
// routing snapshot compiles it into (the cookie's attributes, one stable token per endpoint).
#include "model/routing/routingtable.h"
#include "model/validation/validator.h"
#include "model/yaml/topologyloader.h"
#include "tests/common/diagnosticstext.h"

#include <QTest>

using namespace ingress;
using namespace ingress::testing;

namespace {

QByteArray topology(const QByteArray &sticky) {
    return "apiVersion: ingress-studio/v1\nkind: Topology\nservices:\n"
           "  - name: shop\n    stickySession: " +
           sticky +
           "\n    endpoints: [127.0.0.1:9001, 127.0.0.1:9002, 127.0.0.1:9003]\n"
           "hosts:\n  - host: shop.test\n    routes:\n      - {path: /, service: shop}\n";
}

} // namespace

class TestStickySession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void compiled_data() {
        QTest::addColumn<QByteArray>("sticky");
        QTest::addColumn<QString>("cookie");
        QTest::addColumn<QString>("attributes");
        QTest::newRow("defaults") << QByteArray("{}") << "INGRESSCOOKIE"
                                  << "; Path=/; HttpOnly";
        QTest::newRow("name and ttl")
            << QByteArray("{cookie: shop_route, ttl: 12h}") << "shop_route"
            << "; Path=/; HttpOnly; Max-Age=43200";
    }
    void compiled() {
        QFETCH(QByteArray, sticky);
        QFETCH(QString, cookie);
        QFETCH(QString, attributes);
        const LoadResult result = TopologyLoader::loadData(topology(sticky), QStringLiteral("t"));
        QVERIFY2(result.ok() && result.diagnostics.isEmpty(), qPrintable(dump(result.diagnostics)));
        const auto table = RoutingTable::compile(*result.topology);
        const CompiledService &shop = table->services()[0];
        QVERIFY(shop.sticky);
        QCOMPARE(QString::fromStdString(shop.sticky->cookie), cookie);
        QCOMPARE(QString::fromStdString(shop.sticky->attributes), attributes);
        // One token per endpoint, told apart, found again, and the same in the next snapshot
        // (so a reload or a restart keeps clients where they were).
        const auto again = RoutingTable::compile(*result.topology);
        for (std::size_t i = 0; i < shop.endpoints.size(); ++i) {
            const std::string &token = shop.endpoints[i].stickyToken;
            QCOMPARE(token.size(), std::size_t(16));
            QCOMPARE(shop.stickyEndpoint(token), int(i));
            QCOMPARE(again->services()[0].endpoints[i].stickyToken, token);
            for (std::size_t j = 0; j < i; ++j)
                QVERIFY(shop.endpoints[j].stickyToken != token);
        }
        QCOMPARE(shop.stickyEndpoint("0000000000000000"), -1);
        QCOMPARE(shop.stickyEndpoint(""), -1);
    }

    // Two services of one split with one cookie name rewrite each other's cookie.
    void sharedCookieInASplit_data() {
        QTest::addColumn<QByteArray>("canaryCookie");
        QTest::addColumn<bool>("warned");
        QTest::newRow("same name") << QByteArray("INGRESSCOOKIE") << true;
        QTest::newRow("own name") << QByteArray("canary_route") << false;
    }
    void sharedCookieInASplit() {
        QFETCH(QByteArray, canaryCookie);
        QFETCH(bool, warned);
        const QByteArray yaml =
            "apiVersion: ingress-studio/v1\nkind: Topology\nservices:\n"
            "  - name: app\n    stickySession: {}\n    endpoints: [127.0.0.1:9001]\n"
            "  - name: canary\n    stickySession: {cookie: " +
            canaryCookie +
            "}\n    endpoints: [127.0.0.1:9002]\n"
            "hosts:\n  - host: shop.test\n    routes:\n      - path: /\n        backends:\n"
            "          - {service: app, weight: 9}\n          - {service: canary, weight: 1}\n";
        const LoadResult result = TopologyLoader::loadData(yaml, QStringLiteral("t"));
        QVERIFY2(result.ok(), qPrintable(dump(result.diagnostics)));
        const QString text = dump(Validator::validate(*result.topology, {}));
        QCOMPARE(text.contains(u"sticky-cookie-shared"), warned);
        if (warned)
            QVERIFY2(
                text.contains(u"t:16:23: warning: host 'shop.test' route #1 (Prefix /): services "
                              u"'app' and 'canary' of this split both set sticky cookie "
                              u"'INGRESSCOOKIE'"),
                qPrintable(text));
    }

    void withoutStickiness() {
        const QByteArray yaml = "apiVersion: ingress-studio/v1\nkind: Topology\nservices:\n"
                                "  - name: shop\n    endpoints: [127.0.0.1:9001]\n";
        const LoadResult result = TopologyLoader::loadData(yaml, QStringLiteral("t"));
        QVERIFY(result.ok());
        const auto table = RoutingTable::compile(*result.topology);
        QVERIFY(!table->services()[0].sticky);
        QVERIFY(table->services()[0].endpoints[0].stickyToken.empty());
    }

    void problems_data() {
        QTest::addColumn<QByteArray>("sticky");
        QTest::addColumn<QString>("message");
        QTest::newRow("cookie with a space")
            << QByteArray("{cookie: \"my cookie\"}")
            << QStringLiteral("t:5:29: error: service 'shop': sticky session cookie 'my cookie' "
                              "is not a cookie name");
        QTest::newRow("ttl under a second")
            << QByteArray("{ttl: 500ms}")
            << QStringLiteral("sticky session ttl must be 1s or longer");
        QTest::newRow("ttl not a duration")
            << QByteArray("{ttl: forever}") << QStringLiteral("expected a duration");
        QTest::newRow("typo") << QByteArray("{cokie: x}")
                              << QStringLiteral("did you mean 'cookie'");
    }
    void problems() {
        QFETCH(QByteArray, sticky);
        QFETCH(QString, message);
        const LoadResult result = TopologyLoader::loadData(topology(sticky), QStringLiteral("t"));
        Diagnostics diagnostics = result.diagnostics;
        if (result.topology)
            diagnostics += Validator::validate(*result.topology, {});
        QVERIFY2(dump(diagnostics).contains(message), qPrintable(dump(diagnostics)));
    }
};

QTEST_GUILESS_MAIN(TestStickySession)
#include "tst_stickysession.moc"
